import type { Route } from '@/types';
import { renderToString } from 'hono/jsx/dom/server';

export const route: Route = {
    path: '/board',
    categories: ['bbs'],
    example: '/beta/board',
    name: 'Board',
    maintainers: ['someone'],
    handler: () => ({ title: 'Board', item: [{ title: 'x', description: renderToString(<p>hi</p>) }] }),
};
