/**
 * Named assumptions of the facility model: the electrical chain (efficiency curves,
 * unit sizes, power factors, prices), the liquid loop (water properties, approaches),
 * heat rejection and its water, the climate spread and the floor. Listed with the
 * power assumptions (core/power/assumptions.ts), overridable by key.
 */
import type { Assumption } from './assumptions';

const A = (key: string, label: string, value: number, unit: string, source: string, description: string): Assumption => ({ key, label, value, unit, source, description });

export const FACILITY_ASSUMPTIONS: Assumption[] = [
  // --- Electrical chain ---------------------------------------------------
  A(
    'power.powerFactor',
    'Load power factor',
    0.95,
    'power factor',
    'Estimate: IT power supplies with active power-factor correction run at PF > 0.95 above half load; VFD-driven cooling plant ~0.95.',
    'kW per kVA of the loads the transformers and UPS carry (sizing in kVA).',
  ),
  A(
    'power.upsNoLoadLossShare',
    'UPS no-load loss share',
    0.3,
    'fraction',
    'Loss model of Rasmussen, Schneider Electric WP113 "Electrical Efficiency Modeling for Data Centers" (no-load, proportional and square-law losses). Shares UNVERIFIED: chosen so a 97% (full load) double-conversion UPS gives ~96.6% at 50%, ~95% at 25% and ~90% at 10% load, the typical transformerless curve.',
    'Share of the UPS losses at full load that are drawn at any load (control, fans, magnetising): what makes a lightly loaded 2N UPS inefficient.',
  ),
  A(
    'power.upsSquareLossShare',
    'UPS square-law loss share',
    0.3,
    'fraction',
    'As the no-load share (WP113 loss model; values UNVERIFIED).',
    'Share of the UPS losses at full load that grow with the square of the load (I²R); the rest grow in proportion to the load.',
  ),
  A(
    'power.transformerNoLoadLoss',
    'Transformer no-load loss',
    0.002,
    'fraction of rating',
    'UNVERIFIED estimate: dry-type MV/LV transformers of 1-2.5 MVA lose ~0.5-1.5% at rated load (research notes), of which core (no-load) loss ~0.1-0.3% of rating.',
    'Core loss of a transformer, drawn whenever it is energised, as a share of its kVA rating.',
  ),
  A(
    'power.transformerLoadLoss',
    'Transformer load loss at rating',
    0.01,
    'fraction of rating',
    'UNVERIFIED estimate: winding (load) loss ~1% of rating at full load for dry-type MV/LV units; grows with the square of the load.',
    'Winding loss at rated load as a share of the rating; scales with (load / rating)².',
  ),
  A('power.transformerUnitKVA', 'Transformer unit size', 2500, 'kVA', 'Estimate: 2,000-3,000 kVA MV/LV units are the common data-hall block (IEC 60076 preferred rating 2,500 kVA).', 'Rating of one MV/LV transformer; smaller loads get the smallest standard rating that carries them.'),
  A('power.generatorUnitKW', 'Generator unit size', 2000, 'kW', 'Estimate: 2-3 MW standby diesel gensets are the common hyperscale block.', 'Standby rating of one generator; smaller loads get a smaller set.'),
  A('power.generatorPowerFactor', 'Generator rated power factor', 0.8, 'power factor', 'ISO 8528-1: generating sets are rated in kVA at 0.8 power factor lagging.', 'kW per kVA of a generator rating.'),
  A('power.liquidPumpsOnUps', 'Liquid-loop pumps on UPS', 1, '1 = on, 0 = off', 'Design practice: direct liquid cooling has seconds of thermal ride-through, so CDU and tank pumps are fed from the UPS.', 'Whether CDU and immersion pumps are a UPS (critical) load.'),
  // --- Electrical prices --------------------------------------------------
  A('cost.transformerUsdPerKVA', 'Transformer price', 40, 'USD/kVA', 'Estimate: dry-type MV/LV transformers ~25-60 USD/kVA installed.', 'Price of transformer capacity.'),
  A('cost.generatorUsdPerKW', 'Generator price', 450, 'USD/kW', 'Estimate: standby diesel gensets with enclosure and tank ~350-600 USD/kW.', 'Price of generator capacity.'),
  A('cost.batteryUsdPerKWh', 'UPS battery price', 500, 'USD/kWh', 'Estimate: lithium-ion UPS battery cabinets ~400-700 USD/kWh.', 'Price of UPS battery energy.'),
  // --- Liquid loop and heat rejection --------------------------------------
  A('liquid.waterDensityKgPerM3', 'Water density', 994, 'kg/m3', 'Water at ~35 C: 994 kg/m3 (steam tables, e.g. IAPWS-95).', 'Density of the facility water (Q = P / (rho c dT)).'),
  A('liquid.waterSpecificHeatJPerKgK', 'Water specific heat', 4178, 'J/(kg*K)', 'Water at ~35 C: 4.178 kJ/(kg K) (steam tables).', 'Specific heat of the facility water. Glycol mixes are lower (~3.6-3.9 kJ/(kg K)).'),
  A('cooling.chilledWaterSupplyC', 'Chilled-water supply (air path)', 18, 'C', 'Estimate: elevated chilled water for ASHRAE A1 rooms, 15-20 C.', 'Water temperature the air handlers need; free cooling when the ambient allows it.'),
  A('cooling.rearDoorWaterSupplyC', 'Rear-door water supply', 22, 'C', 'Estimate: rear doors run on ~20-25 C water.', 'Water temperature the rear-door heat exchangers need.'),
  A('cooling.towerApproachK', 'Cooling tower approach', 4, 'K', 'Estimate: open towers are selected for 3-5 K approach to wet-bulb.', 'Tower water leaving above the ambient wet-bulb.'),
  A('cooling.dryCoolerApproachK', 'Dry cooler approach', 6, 'K', 'Estimate: dry coolers are selected for 5-8 K approach to dry-bulb.', 'Dry-cooler water leaving above the ambient dry-bulb.'),
  A('cooling.hxApproachK', 'Plate heat exchanger approach', 2, 'K', 'Estimate: plate heat exchangers between tower and facility water, 1-3 K.', 'Added between open tower water and the facility loop.'),
  A('cooling.airCooledChillerCop', 'Air-cooled chiller COP', 3.5, 'W/W', 'Estimate: air-cooled screw/scroll chillers at 18 C leaving water, COP ~3-4 including condenser fans.', 'Chiller COP when heat is rejected to air (dry cooler or chiller method) in mechanical hours.'),
  A('water.towerEvaporationLPerKWh', 'Tower evaporation', 1.48, 'L/kWh heat', 'Physics: latent heat of water ~2,430 kJ/kg at 30 C, so rejecting 1 kWh (3,600 kJ) entirely by evaporation evaporates 1.48 kg.', 'Water evaporated per kWh of heat rejected by evaporation.'),
  A('water.towerEvaporativeShare', 'Heat rejected by evaporation', 0.9, 'fraction', 'Estimate: wet towers reject ~80-95% of heat as latent heat, the rest as sensible heat.', 'Share of the tower heat leaving as evaporated water.'),
  A('water.towerCyclesOfConcentration', 'Cycles of concentration', 4, 'cycles', 'Estimate: typical water treatment runs towers at 3-6 cycles; make-up = evaporation x C / (C - 1).', 'Blow-down needed to keep the dissolved solids down.'),
  // --- Climate -------------------------------------------------------------
  A('climate.dryBulbHourlySpreadK', 'Hourly dry-bulb spread', 4.5, 'K', 'Estimate: hourly temperatures spread around the monthly mean with a standard deviation of ~3-6 K (diurnal range and weather).', 'Standard deviation of the hours of a month around its mean dry-bulb.'),
  A('climate.wetBulbHourlySpreadK', 'Hourly wet-bulb spread', 3, 'K', 'Estimate: wet-bulb varies less than dry-bulb over a day (~2-4 K).', 'Standard deviation of the hours of a month around its mean wet-bulb.'),
  A('climate.designDayZ', 'Design-day severity', 2.33, 'standard deviations', 'Convention of this model: 2.33 spreads above the hottest month mean are exceeded by 1% of that month\'s hours (ASHRAE design conditions use 0.4-2% annual values).', 'How far above the hottest month the design day lies.'),
  // --- Floor ---------------------------------------------------------------
  A('floor.rackWeightKg', 'Loaded rack weight (default)', 1000, 'kg', 'Estimate: a loaded 42-48U rack of 8-GPU servers weighs ~700-1,300 kg; a GB200 NVL72 rack ~1,360 kg (secondary). Used for a rack holding a part without a catalog mass (a custom part).', 'Weight of one loaded rack when some part in it states no mass.'),
  A('floor.emptyRackWeightKg', 'Empty cabinet weight', 150, 'kg', 'UNVERIFIED estimate: 42-48U cabinets of 600 x 1,200 mm weigh ~120-180 kg empty (no datasheet found).', 'Added to the parts\' catalog masses of a rack (not to a rack-scale system, which is its own rack).'),
  A('floor.endAisleM', 'End-of-row clearance', 1.2, 'm', 'Estimate: 1.0-1.5 m service clearance at each row end.', 'Space at each end of a row of racks.'),
];
