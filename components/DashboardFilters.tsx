import { t, type MessageKey } from '@/utils/i18n';
import { dayEnd, dayStart, SORT_KEYS, STATUS_ORDER, type DashboardQuery, type InstanceOption, type SortKey } from '@/utils/dashboard-query';
import type { UploadStatus } from '@/utils/records';
import { PLATFORM_LABEL, statusLabel } from './upload-text';

/** The filter controls' values as typed (dates as yyyy-mm-dd). */
export interface FilterState {
  instance: string;
  platform: DashboardQuery['platform'];
  status: DashboardQuery['status'];
  fromDay: string;
  toDay: string;
  text: string;
  sort: SortKey;
  dir: DashboardQuery['dir'];
}

export const DEFAULT_FILTERS: FilterState = {
  instance: '',
  platform: '',
  status: '',
  fromDay: '',
  toDay: '',
  text: '',
  sort: 'uploadedAt',
  dir: 'desc',
};

export function queryOf(f: FilterState): DashboardQuery {
  return {
    instance: f.instance,
    platform: f.platform,
    status: f.status,
    from: dayStart(f.fromDay),
    to: dayEnd(f.toDay),
    text: f.text,
    sort: f.sort,
    dir: f.dir,
  };
}

/** Whether anything narrows the list (the sort does not). */
export const isFiltered = (f: FilterState) => !!(f.instance || f.platform || f.status || f.fromDay || f.toDay || f.text.trim());

const SORT_LABEL: Record<SortKey, MessageKey> = {
  uploadedAt: 'sortUploadedAt',
  name: 'sortName',
  size: 'sortSize',
  status: 'sortStatus',
  instance: 'sortInstance',
};

export interface DashboardFiltersProps {
  filters: FilterState;
  onChange(change: Partial<FilterState>): void;
  instances: readonly InstanceOption[];
  counts: Readonly<Record<UploadStatus, number>>;
  /** While the records are still loading. */
  disabled?: boolean;
}

/** Search, filters and sort for the dashboard; every change applies at once (no submit). */
export function DashboardFilters({ filters: f, onChange, instances, counts, disabled = false }: DashboardFiltersProps) {
  const value = (e: Event) => (e.currentTarget as HTMLInputElement | HTMLSelectElement).value;
  return (
    <form class="filters" role="search" aria-label={t('filtersLabel')} aria-disabled={disabled ? 'true' : undefined} onSubmit={(e) => e.preventDefault()}>
      <fieldset class="filters-set" disabled={disabled}>
        <legend class="visually-hidden">{t('filtersLabel')}</legend>
        <div class="field search-field">
          <label for="f-search">{t('searchLabel')}</label>
          <input
            id="f-search"
            type="search"
            name="search"
            value={f.text}
            placeholder={t('searchPlaceholder')}
            aria-describedby="f-search-hint"
            autocomplete="off"
            onInput={(e) => onChange({ text: value(e) })}
          />
          <span id="f-search-hint" class="hint">
            {t('searchHint')}
          </span>
        </div>
        <div class="field">
          <label for="f-instance">{t('filterInstance')}</label>
          <select id="f-instance" name="instance" value={f.instance} onChange={(e) => onChange({ instance: value(e) })}>
            <option value="">{t('filterAnyInstance')}</option>
            {instances.map((i) => (
              <option key={i.origin} value={i.origin}>
                {t('optionWithCount', [i.host, i.count])}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-platform">{t('filterPlatform')}</label>
          <select id="f-platform" name="platform" value={f.platform} onChange={(e) => onChange({ platform: value(e) as FilterState['platform'] })}>
            <option value="">{t('filterAnyPlatform')}</option>
            {(['lemmy', 'matrix'] as const).map((p) => (
              <option key={p} value={p}>
                {t(PLATFORM_LABEL[p])}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-status">{t('filterStatus')}</label>
          <select id="f-status" name="status" value={f.status} onChange={(e) => onChange({ status: value(e) as FilterState['status'] })}>
            <option value="">{t('filterAnyStatus')}</option>
            {STATUS_ORDER.map((s) => (
              <option key={s} value={s}>
                {t('optionWithCount', [statusLabel(s), counts[s] ?? 0])}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-from">{t('filterFrom')}</label>
          <input id="f-from" type="date" name="from" value={f.fromDay} max={f.toDay || undefined} onInput={(e) => onChange({ fromDay: value(e) })} />
        </div>
        <div class="field">
          <label for="f-to">{t('filterTo')}</label>
          <input id="f-to" type="date" name="to" value={f.toDay} min={f.fromDay || undefined} onInput={(e) => onChange({ toDay: value(e) })} />
        </div>
        <div class="field">
          <label for="f-sort">{t('sortBy')}</label>
          <select id="f-sort" name="sort" value={f.sort} onChange={(e) => onChange({ sort: value(e) as SortKey })}>
            {SORT_KEYS.map((k) => (
              <option key={k} value={k}>
                {t(SORT_LABEL[k])}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-dir">{t('sortOrder')}</label>
          <select id="f-dir" name="dir" value={f.dir} onChange={(e) => onChange({ dir: value(e) as FilterState['dir'] })}>
            <option value="asc">{t('sortAsc')}</option>
            <option value="desc">{t('sortDesc')}</option>
          </select>
        </div>
        {isFiltered(f) && (
          <div class="field field-end">
            <button
              type="button"
              name="clear-filters"
              class="secondary-button"
              onClick={() => onChange({ instance: '', platform: '', status: '', fromDay: '', toDay: '', text: '' })}
            >
              {t('filtersClear')}
            </button>
          </div>
        )}
      </fieldset>
    </form>
  );
}
