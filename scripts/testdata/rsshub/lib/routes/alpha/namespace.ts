import type { Namespace } from '@/types';

export const namespace: Namespace = {
    name: 'Alpha News',
    url: 'alpha.example',
    categories: ['new-media'],
    description: 'Long prose that the catalogue does not keep.',
    lang: 'zh-CN',
    zh: {
        name: '阿尔法新闻',
    },
};
