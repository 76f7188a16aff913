export { FilterBuilder, type FilterBuilderProps, type ValueRenderer } from './FilterBuilder';
export { classificationLabel, FilterEditor, useClassifications, type FilterEditorProps } from './FilterEditor';
export { fromEditor, toEditor, type Catalogue, type CatalogueField, type FilterJson } from './ast';
export { useFilterCatalogue } from './useFilterCatalogue';
export { useFilterCount } from './useFilterCount';
