/**
 * The built-in catalog data: one JSON file per part family in ./data, loaded
 * and validated once when the catalog module is first imported. Adding a part
 * is adding a record to its family's file (see ./load.ts for the checks).
 * The order here is the order of the catalog's lists.
 */
import accelerators from './data/accelerators.json';
import cables from './data/cables.json';
import cooling from './data/cooling.json';
import nics from './data/nics.json';
import optics from './data/optics.json';
import power from './data/power.json';
import servers from './data/servers.json';
import storage from './data/storage.json';
import switches from './data/switches.json';
import { loadCatalogData, type CatalogDataFile } from './load';
import type { CatalogPart } from './types';

/** The data files of the built-in catalog, by file name. */
export const CATALOG_DATA_FILES: readonly CatalogDataFile[] = [
  { file: 'accelerators.json', data: accelerators },
  { file: 'servers.json', data: servers },
  { file: 'switches.json', data: switches },
  { file: 'nics.json', data: nics },
  { file: 'optics.json', data: optics },
  { file: 'cables.json', data: cables },
  { file: 'cooling.json', data: cooling },
  { file: 'storage.json', data: storage },
  { file: 'power.json', data: power },
];

/** Every part shipped with the product, validated. */
export const BUILTIN_PARTS: readonly CatalogPart[] = loadCatalogData(CATALOG_DATA_FILES);
