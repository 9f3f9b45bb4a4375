import type { Route } from '@/types';

export const route: Route = {
    path: '/lost',
    name: 'Lost',
    handler: () => ({ title: '', item: [] }),
};
