/**
 * Design + Results -> report model.
 *
 * Every number in the report is read from evaluate()'s Results (or is a count
 * the design itself states, such as a rack's height in U): nothing is
 * recomputed here. The design and catalog supply only names and geometry
 * (what sits in which U of a rack) for the rack elevations.
 *
 * The report is its sections in order, each built by one function:
 * warnings and summary (sections-summary.ts), network (sections-network.ts),
 * racks (sections-racks.ts), BOM, power and cost (sections-power.ts), the facility
 * (sections-facility.ts),
 * training, reliability and stages (sections-training.ts), assumptions and
 * the CSV / XLSX data (sections-data.ts). Results are read through
 * results-view.ts where their shape is open.
 */
import type { Results } from '../evaluate';
import type { Design } from '../model';
import { reportContext, type BuildOptions } from './context';
import type { ReportModel, Section } from './model';
import { trainingView } from './results-view';
import { assumptionsSection, bomRows, dataSheets } from './sections-data';
import { facilitySection } from './sections-facility';
import { networkSection } from './sections-network';
import { bomSection, costSection, powerItems, powerSection } from './sections-power';
import { racksSection } from './sections-racks';
import { summarySection, warningsSection } from './sections-summary';
import { reliabilitySection, stagesSection, trainingSection } from './sections-training';

export type { BuildOptions } from './context';
export { BREAKDOWN_KEYS, collectiveGroups, trainingView, type TrainingView } from './results-view';
export { rackTypes } from './sections-racks';

/** Build the report model of one design from its Results. */
export function buildReport(design: Design, results: Results, opts: BuildOptions): ReportModel {
  const ctx = reportContext(opts);
  const { t } = ctx;
  const tr = trainingView(results);
  const items = powerItems(results.power);
  const sections: Section[] = [];
  const warnings = warningsSection(ctx, results);
  if (warnings) sections.push(warnings);
  sections.push(summarySection(ctx, design, results, tr));
  sections.push(networkSection(ctx, results));
  sections.push(racksSection(ctx, design, results));
  sections.push(bomSection(ctx, results));
  sections.push(powerSection(ctx, results, items));
  sections.push(facilitySection(ctx, results));
  sections.push(costSection(ctx, results));
  if (tr) sections.push(trainingSection(ctx, design, tr), reliabilitySection(ctx, tr));
  const stages = stagesSection(ctx, results, tr);
  if (stages) sections.push(stages);
  sections.push(assumptionsSection(ctx, results));
  const bom = bomRows(results);
  return {
    lang: opts.lang,
    title: design.name,
    cover: {
      designName: design.name,
      description: design.description,
      date: opts.date,
      appVersion: opts.appVersion,
      schemaVersion: design.schemaVersion,
      labels: { report: t('reportTitle'), date: t('date'), version: t('appVersion'), schema: t('schemaVersion') },
    },
    sections,
    bom,
    sheets: dataSheets(ctx, results, bom, items),
  };
}
