//#region assets/build/routes.json
var alpha = {
	"routes": { "/latest/:category?": {
		"path": "/latest/:category?",
		"name": "Latest",
		"example": "/alpha/latest/world",
		"parameters": { "category": "Category" },
		"categories": ["new-media"],
		"features": { "requireConfig": false, "requirePuppeteer": true, "supportRadar": true },
		"zh": { "path": "/latest/:category?", "name": "最新" },
		"module": "() => import('@/routes/alpha/latest.ts')"
	} },
	"apiRoutes": {},
	"name": "Alpha News",
	"url": "alpha.example",
	"categories": ["new-media"],
	"zh": { "name": "阿尔法新闻" },
	"lang": "zh-CN"
};
var x_mol = {
	"routes": { "/paper/:type": {
		"path": "/paper/:type",
		"name": "Paper",
		"example": "/x-mol/paper/0",
		"module": "() => import('@/routes/x-mol/paper.ts')"
	} },
	"apiRoutes": {},
	"name": "X-MOL"
};
var routes_default = {
	alpha,
	"x-mol": x_mol
};
//#endregion
export { routes_default as default, alpha, x_mol as "x-mol" };
