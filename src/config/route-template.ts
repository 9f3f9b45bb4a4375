/** A route template with its parameters filled in, or the required parameters that had no value. */
export type FilledRoute = { route: string; missing: [] } | { route: null; missing: string[] };

// `:name`, `:name?`, and Hono's constrained `:name{.+}?` (RSSHub v2 templates use all three).
const PARAMETER = /^:(\w+)(\{.*\})?(\?)?$/;

/**
 * Fills `/juejin/category/:category` with `{ category: 'frontend' }`; optional `:id?` parameters
 * without a value are dropped, required ones without a value are reported as missing.
 */
export function fillRouteTemplate(template: string, values: Readonly<Record<string, string>>): FilledRoute {
  const missing: string[] = [];
  const segments: string[] = [];
  for (const segment of template.split('/')) {
    const parameter = PARAMETER.exec(segment);
    if (!parameter) {
      segments.push(segment);
      continue;
    }
    const name = parameter[1] ?? '';
    const value = values[name];
    if (value !== undefined && value !== '') segments.push(value);
    else if (!parameter[3]) missing.push(name);
  }
  if (missing.length > 0) return { route: null, missing };
  return { route: segments.join('/') || '/', missing: [] };
}

/** The names of a template's parameters, in order. */
export function templateParameters(template: string): string[] {
  return template.split('/').flatMap((segment) => {
    const name = PARAMETER.exec(segment)?.[1];
    return name ? [name] : [];
  });
}
