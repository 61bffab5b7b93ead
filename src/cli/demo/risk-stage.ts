import type { Projection } from '../../graph/projection/index.js';
import { createRiskEngine, type RiskPath } from '../../risk/index.js';
import type { NotableAssets, ScenarioRun } from '../../sim/index.js';
import type { DemoBlastRadius, DemoPath } from './demo-report.js';

const round = (value: number, digits = 4): number => Math.round(value * 10 ** digits) / 10 ** digits;

function toDemoPath(projection: Projection, path: RiskPath): DemoPath {
  return {
    nodes: path.nodes,
    edges: path.edges.map((hop) => ({
      from: hop.from,
      to: hop.to,
      kind: hop.kind,
      // Harm often flows against the stored edge (a PLC harms the pump that is `controlledBy` it).
      against: projection.nodeId(projection.edgeFrom(projection.edgeIndex(hop.edgeId))) === hop.to,
      channel: hop.channel,
      probability: round(hop.probability),
      delay: round(hop.delayHours, 2),
      domain: hop.domain,
    })),
    probability: round(path.probability, 6),
    delayHours: round(path.delayHours, 2),
    domains: path.domains,
  };
}

/**
 * Risk stage of the demo: the scenario's attacked assets are taken as
 * confirmed evidence (until detection feeds calibrated probabilities), and the
 * engine answers "by which way, and how far": the most probable propagation
 * paths from the attacker's foothold (the assets of the scenario's first stage)
 * to the services at stake and to every hospital, and the blast radius of all
 * attacked assets.
 */
export function riskStage(
  projection: Projection,
  run: ScenarioRun,
  notable: NotableAssets,
): { foothold: string[]; paths: DemoPath[]; blastRadius: DemoBlastRadius } {
  const engine = createRiskEngine(projection);
  const sources = run.groundTruth.attackedAssets.filter((id) => projection.nodeIndex(id) >= 0);
  const firstStage = [...run.groundTruth.stages].sort((a, b) => a.start.localeCompare(b.start))[0];
  const foothold = (firstStage?.assets ?? sources).filter((id) => projection.nodeIndex(id) >= 0);
  const known = (id: string): boolean => projection.nodeIndex(id) >= 0;
  const from = foothold.length > 0 ? foothold : sources;
  const atStake = run.groundTruth.impactedServices.filter(known);
  const hospitals = notable.hospitalServices.filter(known);
  // The services the scenario puts at stake, and every hospital: the harm a city fears most
  // often travels the longest way round, so its paths rank below the direct ones.
  const found = [
    ...(atStake.length > 0 ? engine.paths({ from, to: atStake, k: 10 }).paths : []),
    ...(hospitals.length > 0 ? engine.paths({ from, to: hospitals, k: 3 }).paths : []),
  ];
  const seen = new Set<string>();
  const paths = found
    .filter((path) => {
      const key = path.edges.map((hop) => hop.edgeId).join(' ');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => b.probability - a.probability);
  const blast = engine.blastRadius(sources);
  return {
    foothold,
    paths: paths.map((path) => toDemoPath(projection, path)),
    blastRadius: {
      sources: blast.sources,
      services: blast.services.slice(0, 12).map((service) => ({
        id: service.id,
        kind: service.kind,
        domain: service.domain,
        probability: round(service.probability),
        timeToImpactHours: service.timeToImpactHours === null ? null : round(service.timeToImpactHours, 2),
        peopleServed: service.peopleServed,
        criticality: service.criticality,
      })),
      servicesAffected: blast.services.length,
      facilitiesAffected: blast.facilities.length,
      assetsAffected: blast.assetsAffected,
      assetsByDomain: blast.assetsByDomain,
      peopleAffected: Math.round(blast.peopleAffected),
      expectedImpact: Math.round(blast.expectedImpact),
    },
  };
}
