import type { Route } from '@/types';

export const route: Route = {
    path: ['/page/:id', '/p/:id'],
    name: 'Page ' + 'updates',
    example: '/alpha/page/42',
    parameters: {
        id: {
            description: 'Page id, found in the address of the page; a very long description that goes on and on so that the catalogue has to cut it somewhere sensible',
            default: '1',
        },
    },
    features: { requirePuppeteer: true },
    maintainers: [],
    handler: () => ({ title: '', item: [] }),
} satisfies Route;
