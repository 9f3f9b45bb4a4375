/**
 * The major version of every action the scaffolded workflow names, and where it was checked. A
 * test renders the workflow and compares each `uses:` with this table, so a bump is one edit here.
 * Majors are what GitHub's own examples use: a patch or minor release arrives without an edit, and
 * an old major stops working when GitHub retires the Node runtime it runs on.
 *
 * Checked on 2026-12-06 against the actions' release notes as quoted in update pull requests:
 * | action                        | major | latest seen | released |
 * | actions/checkout              | v7    | v7.0.1      | 2026-07  |
 * | actions/setup-node            | v7    | v7.0.0      | 2026-07  |
 * | actions/cache (restore, save) | v6    | v6.1.0      | 2026-06  |
 * | actions/configure-pages       | v6    | v6.0.0      | 2026-03  |
 * | actions/upload-pages-artifact | v5    | v5.0.0      | 2026-04  |
 * | actions/deploy-pages          | v5    | v5.0.0      | 2026-03  |
 */
export const ACTION_VERSIONS = {
  'actions/checkout': 'v7',
  'actions/setup-node': 'v7',
  'actions/cache/restore': 'v6',
  'actions/cache/save': 'v6',
  'actions/configure-pages': 'v6',
  'actions/upload-pages-artifact': 'v5',
  'actions/deploy-pages': 'v5',
} as const;

/** The day the table above was checked against the actions' releases. */
export const ACTION_VERSIONS_CHECKED = '2026-12-06';

/** `owner/name@major` for a `uses:` line. */
export function actionRef(action: keyof typeof ACTION_VERSIONS): string {
  return `${action}@${ACTION_VERSIONS[action]}`;
}
