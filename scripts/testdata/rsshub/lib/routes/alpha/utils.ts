export const fetchList = () => Promise.resolve([]);
