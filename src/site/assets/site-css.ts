/** The site's only stylesheet: system fonts, light and dark palettes, one breakpoint. */
export const siteCss = `:root{color-scheme:light dark;--bg:#fff;--fg:#1d1f23;--muted:#5b6270;--line:#e3e6ea;--card:#f7f8fa;--link:#0b57d0;--focus:#f59e0b;--max:64rem}
@media (prefers-color-scheme:dark){:root{--bg:#121417;--fg:#e6e8eb;--muted:#a2a9b4;--line:#2a2f36;--card:#1a1d22;--link:#8ab4f8}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.7 system-ui,-apple-system,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif}
a{color:var(--link)}
a:focus-visible,button:focus-visible,input:focus-visible,main:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
img{max-width:100%;height:auto}
.skip-link{position:absolute;left:.5rem;top:-3rem;padding:.5rem 1rem;background:var(--fg);color:var(--bg);z-index:10}
.skip-link:focus{top:.5rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.site-header,.site-footer,main{max-width:var(--max);margin:0 auto;padding:0 1rem}
.site-header{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.5rem;padding-top:1rem;padding-bottom:1rem;border-bottom:1px solid var(--line)}
.brand{font-weight:700;font-size:1.25rem;color:var(--fg);text-decoration:none}
.site-nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:0}
.site-nav a,.breadcrumbs a,.post-card .meta a{color:var(--muted);text-decoration:none}
.site-nav a:hover,.breadcrumbs a:hover,.post-card .meta a:hover{color:var(--link);text-decoration:underline}
.search-link{display:none;color:var(--fg);padding:.25rem}
.search-form{display:flex;gap:.25rem;margin-left:auto}
.search-form input{min-width:0;width:12rem;padding:.35rem .6rem;border:1px solid var(--line);border-radius:.4rem;background:var(--card);color:var(--fg);font:inherit}
button{padding:.35rem .8rem;border:1px solid var(--line);border-radius:.4rem;background:var(--card);color:var(--fg);font:inherit;cursor:pointer}
main{padding-top:1.5rem;padding-bottom:2rem}
h1{font-size:1.6rem;line-height:1.35;margin:.2rem 0 1rem}
.breadcrumbs{font-size:.9rem;color:var(--muted)}
.subcategories{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0}
.subcategories a{display:inline-block;padding:.1rem .6rem;border:1px solid var(--line);border-radius:1rem;text-decoration:none}
.post-list{list-style:none;margin:0;padding:0}
.post-card{display:flex;gap:1rem;padding:1rem 0;border-bottom:1px solid var(--line)}
.cover{position:relative;flex:none;width:10rem;height:7.5rem;border-radius:.4rem;overflow:hidden;background:var(--tone)}
.cover::before,.cover img::after{content:attr(data-initial);position:absolute;inset:0;display:flex;align-items:center;justify-content:center;color:#fff;font-size:2.25rem;font-weight:700;background:var(--tone)}
.cover img{position:absolute;inset:0;width:100%;height:100%;object-fit:cover}
.tone-0{--tone:#3b5b92}.tone-1{--tone:#2f6b5a}.tone-2{--tone:#8a4b2f}.tone-3{--tone:#6b4c9a}.tone-4{--tone:#9a3b5b}.tone-5{--tone:#3d6a86}.tone-6{--tone:#6f6224}.tone-7{--tone:#4f5d6b}
.post-card h2{font-size:1.1rem;line-height:1.45;margin:0 0 .25rem}
.post-card h2 a{color:var(--fg);text-decoration:none}
.post-card h2 a:hover{text-decoration:underline}
.meta{color:var(--muted);font-size:.875rem;margin:0}
.source-badge{display:inline-block;min-width:1.3em;margin-right:.4em;border-radius:.3em;background:var(--tone);color:#fff;font-size:.75rem;font-weight:700;line-height:1.3em;text-align:center}
.post-list .read{opacity:.6}.hide-read .post-list .read{display:none}
.post-list .current .post-card{outline:2px solid var(--focus);outline-offset:4px;border-radius:.2rem}
.since-divider{padding:.4rem 0;color:var(--muted);font-size:.85rem;text-align:center;border-bottom:1px dashed var(--line)}
.reader-tools{display:flex;gap:.5rem;justify-content:flex-end;margin-bottom:.25rem}.reader-tools button{font-size:.85rem}
.reader-tools [aria-pressed=true]{background:var(--fg);color:var(--bg)}
.excerpt{margin:.35rem 0 0;color:var(--muted);display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden}
.pager{display:flex;flex-wrap:wrap;justify-content:center;align-items:center;gap:.5rem;margin-top:1.5rem}
.pager a,.pager span{display:inline-block;min-width:2.25rem;padding:.35rem .7rem;border:1px solid var(--line);border-radius:.4rem;text-align:center;text-decoration:none}
.pager [aria-current]{background:var(--fg);color:var(--bg);border-color:var(--fg)}
.page-numbers{display:flex;flex-wrap:wrap;gap:.35rem;list-style:none;margin:0;padding:0}
.post-cover{display:block;width:100%;max-height:24rem;object-fit:cover;border-radius:.5rem;margin:1rem 0}
main>article{max-width:40em;margin:0 auto}
.article-body{overflow-wrap:anywhere;font-size:1.0625rem;line-height:1.85}
.article-body h2{font-size:1.3rem}.article-body h3{font-size:1.15rem}
.article-body blockquote{margin:1rem 0;padding:.2rem 1rem;border-left:4px solid var(--line);color:var(--muted)}
.article-body code{padding:.1em .3em;background:var(--card);border-radius:.25rem;font-size:.9em}
.article-body pre code{padding:0;background:none;font-size:inherit}
.article-body th,.article-body td{padding:.35rem .6rem;border:1px solid var(--line)}.article-body th{background:var(--card)}
.article-body figure{margin:1rem 0}.article-body figcaption{color:var(--muted);font-size:.875rem;text-align:center}
.article-body img{border-radius:.3rem}.article-body hr{border:0;border-top:1px solid var(--line)}
.article-body pre{overflow:auto;padding:1rem;background:var(--card);border-radius:.4rem}
.article-body table{display:block;overflow:auto;border-collapse:collapse}
.article-body iframe{max-width:100%}
.original{margin-top:2rem;padding-top:1rem;border-top:1px solid var(--line)}
.post-nav{display:flex;gap:1rem;margin-top:1.5rem}.post-nav a{flex:1;max-width:50%;padding:.6rem .8rem;border:1px solid var(--line);border-radius:.4rem;color:var(--fg);text-decoration:none}.post-nav a .meta{display:block}.post-nav .next{margin-left:auto;text-align:right}.post-nav a:hover{border-color:var(--link)}
.archive-list{columns:14rem;padding-left:1.2rem}
.search-form select{padding:.35rem .4rem;border:1px solid var(--line);border-radius:.4rem;background:var(--card);color:var(--fg);font:inherit}
mark{background:#fde68a;color:#1d1f23;border-radius:.15rem;padding:0 .05em}
.site-footer{padding-top:1rem;padding-bottom:2rem;border-top:1px solid var(--line);color:var(--muted);font-size:.875rem}
@media (max-width:40rem){.site-header{flex-wrap:nowrap;gap:.75rem;padding-top:.6rem;padding-bottom:.6rem}.brand{flex:none;font-size:1.1rem}.site-nav{flex:1;min-width:0;overflow-x:auto;scrollbar-width:none}.site-nav ul{flex-wrap:nowrap;white-space:nowrap}.site-header .search-form{display:none}.search-link{display:inline-flex;flex:none}.search-form{margin-left:0;width:100%}.search-form input{flex:1}.cover{width:6.5rem;height:5rem}.cover::before,.cover img::after{font-size:1.6rem}h1{font-size:1.35rem}}
`;
