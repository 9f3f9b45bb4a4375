import type { Route } from '@/types';
import { buildPath } from './paths';

export const route: Route = {
    path: buildPath('feed'),
    name: 'Computed',
    handler: () => ({ title: '', item: [] }),
};
