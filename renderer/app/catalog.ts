/** The catalog the UI uses: built-in parts plus the user's custom parts from the host. */
import { create } from 'zustand';
import { createCatalog, DEFAULT_CATALOG, type Catalog } from '../../core/catalog';
import type { CatalogPart } from '../../core/catalog/types';

interface CatalogState {
  catalog: Catalog;
  customParts: CatalogPart[];
}

export const useCatalog = create<CatalogState>(() => ({ catalog: DEFAULT_CATALOG, customParts: [] }));

export function setCustomParts(parts: CatalogPart[]): void {
  useCatalog.setState({ customParts: parts, catalog: createCatalog(parts) });
}

export function getCatalog(): Catalog {
  return useCatalog.getState().catalog;
}

/** Part lookup for the store's operations. */
export const lookupPart = (id: string): CatalogPart | undefined => getCatalog().get(id);
