import type { Route } from '@/types';
import { fetchList } from './utils';

const categories = ['new-media', 'popular'];
const host = 'https://alpha.example';

export const route: Route = {
    path: '/latest/:category?',
    categories,
    example: `/alpha/latest/world`,
    parameters: { category: 'Category, `all` by default' },
    features: {
        requireConfig: [{ name: 'ALPHA_TOKEN', description: 'an API token' }],
        requirePuppeteer: false,
        antiCrawler: true,
        supportBT: false,
    },
    radar: [{ source: ['alpha.example/:category'], target: '/latest/:category' }],
    name: 'Latest',
    zh: { name: '最新' },
    maintainers: ['someone'],
    handler,
    description: `See ${host} for the list of categories.`,
};

async function handler() {
    return { title: 'Alpha', link: host, item: await fetchList() };
}
