/** Label selectors of workloads (`spec.selector`) rendered as the query text the API accepts. */
import { recordOf, recordsOf, stringMapOf, stringOf } from '../api/parse.js';

/**
 * Renders a LabelSelector object (`matchLabels` and `matchExpressions`) as selector text such as
 * `app=web,tier in (a,b),!legacy`. Returns an empty string for an empty selector.
 */
export function selectorToString(selector: unknown): string {
  const record = recordOf(selector);
  const parts: string[] = [];
  for (const [key, value] of Object.entries(stringMapOf(record.matchLabels)).sort(([a], [b]) => a.localeCompare(b))) {
    parts.push(`${key}=${value}`);
  }
  for (const expression of recordsOf(record.matchExpressions)) {
    const key = stringOf(expression.key);
    if (!key) continue;
    const values = Array.isArray(expression.values) ? expression.values.filter((v): v is string => typeof v === 'string') : [];
    switch (stringOf(expression.operator)) {
      case 'In':
        parts.push(`${key} in (${values.join(',')})`);
        break;
      case 'NotIn':
        parts.push(`${key} notin (${values.join(',')})`);
        break;
      case 'Exists':
        parts.push(key);
        break;
      case 'DoesNotExist':
        parts.push(`!${key}`);
        break;
      default:
        // An unknown operator cannot be expressed; the API server would have rejected the object.
        break;
    }
  }
  return parts.join(',');
}
