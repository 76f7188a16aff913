import { Loader, Select, type SelectProps } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDebounced } from '../lib/useDebounced';

export interface Option {
  value: string;
  label: string;
}

interface Props extends Omit<SelectProps, 'data' | 'value' | 'onChange' | 'searchValue' | 'onSearchChange' | 'filter'> {
  /** Query-cache namespace of the searched list, e.g. 'users' or 'accounts'. */
  kind: string;
  /** Distinguishes searches whose results differ for the same `q` (e.g. the account being edited). */
  scope?: string;
  value: string | null;
  onChange: (value: string | null) => void;
  /** Label of the current value, so it shows before (or without) a search that finds it. */
  selectedLabel: string | undefined;
  /** Server-side search; '' means "the first page". */
  search: (q: string) => Promise<Option[]>;
}

/** A searchable Select whose options come from the server (`q`), debounced. */
export function RemoteSelect({ kind, scope, value, onChange, selectedLabel, search, ...rest }: Props) {
  const { t } = useTranslation();
  const [searchValue, setSearchValue] = useState('');
  const [opened, setOpened] = useState(false);
  // Typing replaces the selected label; while the box still shows that label, list the first page.
  const typed = searchValue.trim() === (selectedLabel ?? '').trim() ? '' : searchValue.trim();
  const q = useDebounced(typed, 250);
  const results = useQuery({
    queryKey: [kind, 'search', scope ?? null, q],
    queryFn: () => search(q),
    placeholderData: keepPreviousData,
    enabled: opened || q !== '',
    staleTime: 60_000,
  });
  const options = results.data ?? [];
  const data =
    value && !options.some((o) => o.value === value)
      ? [{ value, label: selectedLabel ?? t('app.loading') }, ...options]
      : options;
  return (
    <Select
      {...rest}
      searchable
      data={data}
      value={value}
      onChange={(v) => onChange(v)}
      searchValue={searchValue}
      onSearchChange={setSearchValue}
      onDropdownOpen={() => setOpened(true)}
      // Typing then replaces the current name instead of appending to it.
      onFocus={(event) => {
        event.currentTarget.select();
        rest.onFocus?.(event);
      }}
      filter={({ options: all }) => all}
      nothingFoundMessage={results.isFetching ? t('app.loading') : t('common.noResults')}
      rightSection={results.isFetching && opened ? <Loader size="xs" /> : undefined}
    />
  );
}
