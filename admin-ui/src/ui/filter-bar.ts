/**
 * The filter row of a list screen, declared as data: a free-text search and selects, each bound to one route-query
 * key of its ServerTable (so a link or reload keeps the filters). FilterBar.vue renders them.
 */
// A type, not an interface: naive-ui's option type has an index signature, which only a type alias satisfies.
export type FilterOption = { value: string; label: string };

/** A free-text search: set when the field is left or Enter is pressed (not at every key), trimmed; empty clears. */
export interface SearchFilter {
  kind: 'search';
  key: string;
  label: string;
  placeholder: string;
  width?: number;
}

/** A choice among `options`; clearable unless it has a `fallback`. */
export interface SelectFilter {
  kind: 'select';
  key: string;
  label: string;
  options: readonly FilterOption[];
  placeholder?: string;
  width?: number;
  /** What the select shows while the key is unset (the screen's default, e.g. open conflicts); not clearable then. */
  fallback?: string;
  /** The value that clears the key instead of setting it (the default itself: the route stays clean). */
  clearWhen?: string;
}

export type FilterField = SearchFilter | SelectFilter;

/** What choosing `value` in `field` sets its key to (null: the key is removed). */
export function filterValueOf(field: FilterField, value: string | null): string | null {
  if (value === null) return null;
  const v = field.kind === 'search' ? value.trim() : value;
  if (!v) return null;
  return field.kind === 'select' && field.clearWhen !== undefined && v === field.clearWhen ? null : v;
}
