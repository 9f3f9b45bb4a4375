//#region lib/routes/alpha/utils.ts
const fetchList = () => Promise.resolve([]);
//#endregion
export { fetchList as t };
