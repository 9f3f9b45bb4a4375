import type { Namespace } from '@/types';

export const namespace: Namespace = {
    name: 'Beta',
    url: 'beta.example',
};
