import { Entity } from '@backstage/catalog-model';
import { EvidenceKind } from '@hardening/backstage-plugin-hardening-common';
import { quoteForLog } from '../quoteForLog';
import { BASE_REF_EVENTS, CiPublisher } from './ciPublisher';
import { IssuerSettings, matchesAny, RefRule } from './publishingSettings';

/**
 * The annotations that tie an entity to its repository, per CI system: the repository's
 * path (required), the instance it lives on (required when several issuers of the CI
 * system are trusted) and its immutable id (optional). GitLab's are the ones the GitLab
 * plugins read; GitHub has no instance or id annotation of its own, so those are ours.
 */
export const REPOSITORY_ANNOTATIONS = {
  github: {
    slug: 'github.com/project-slug',
    instance: 'hardening.io/github-instance',
    id: 'hardening.io/github-repository-id',
  },
  gitlab: {
    slug: 'gitlab.com/project-slug',
    instance: 'gitlab.com/instance',
    id: 'gitlab.com/project-id',
  },
} as const;

const CI_SYSTEM = { github: 'GitHub', gitlab: 'GitLab' } as const;

/**
 * The kinds of evidence milestone freeze checklists judge: uploads of these from
 * {@link BASE_REF_EVENTS} are refused unless a ref rule lists the event.
 */
export const CHECKLIST_KINDS: readonly EvidenceKind[] = [
  'test-report',
  'ci-gates',
  'contract-results',
  'stress-run',
];

/** An annotation value (a repository path, a host) as compared: trimmed, ignoring case. */
const comparable = (value: string) => value.trim().toLowerCase();

function severalInstances(
  publisher: CiPublisher,
  issuers: readonly IssuerSettings[],
): boolean {
  return issuers.filter(i => i.type === publisher.type).length > 1;
}

/**
 * Why a CI token may not write `entity`'s evidence, for the log only (it describes the
 * entity; its annotation values are quoted by {@link quoteForLog}), or undefined when it
 * may: the entity's project-slug annotation must name the
 * token's repository (ignoring case, as GitHub and GitLab do); its instance annotation
 * must name the token's issuer's instance (and is required when several issuers of the
 * CI system are trusted, since the same path can exist on each); and its id annotation,
 * when set, the token's repository id (a renamed, deleted or re-created repository or
 * organisation keeps a path, not an id).
 */
export function repositoryMismatch(
  publisher: CiPublisher,
  entity: Entity,
  issuers: readonly IssuerSettings[],
): string | undefined {
  const names = REPOSITORY_ANNOTATIONS[publisher.type];
  const annotations = entity.metadata.annotations ?? {};
  const slug = annotations[names.slug];
  if (!slug) return `no ${names.slug} annotation`;
  if (comparable(slug) !== comparable(publisher.repository)) {
    return `${names.slug} is ${quoteForLog(slug)}`;
  }
  const instance = annotations[names.instance];
  const issuer = issuers.find(i => i.issuer === publisher.issuer);
  if (instance) {
    if (comparable(instance) !== issuer?.instance) {
      return `${names.instance} is ${quoteForLog(
        instance,
      )}, the token's issuer is instance ${issuer?.instance}`;
    }
  } else if (severalInstances(publisher, issuers)) {
    return `no ${names.instance} annotation, and several ${
      CI_SYSTEM[publisher.type]
    } issuers are trusted`;
  }
  const id = annotations[names.id];
  if (id && id.trim() !== publisher.repositoryId) {
    return `${names.id} is ${quoteForLog(id)}, the token's repository id ${
      publisher.repositoryId ?? '(none)'
    }`;
  }
  return undefined;
}

/**
 * The one refusal a CI token gets for an entity it may not write, whether the entity does
 * not exist or its annotations name another repository: it is made of the token, the
 * configuration and the entity ref alone, so it tells nobody whether the entity exists or
 * which repository it names. It says which annotations an owner has to add.
 */
export function publisherEntityRefusal(
  publisher: CiPublisher,
  entityRef: string,
  issuers: readonly IssuerSettings[],
): string {
  const names = REPOSITORY_ANNOTATIONS[publisher.type];
  const { repository, repositoryId } = publisher;
  const instance = issuers.find(i => i.issuer === publisher.issuer)?.instance;
  const idRule = repositoryId
    ? `if it has a ${names.id} annotation, it must be ${repositoryId}`
    : `the token names no repository id, so it must not have a ${names.id} annotation`;
  const fix = severalInstances(publisher, issuers)
    ? `its ${names.slug} and ${names.instance} annotations do not name ${repository} on ${instance}; add them to the entity's catalog-info.yaml if it is yours (${idRule})`
    : `its ${names.slug} annotation does not name ${repository}; add the annotation to the entity's catalog-info.yaml if it is yours (if it has a ${names.instance} annotation, it must be ${instance}; ${idRule})`;
  return `A CI token of ${repository} may not upload to ${entityRef}: the entity does not exist or ${fix}`;
}

function appliesTo(rule: RefRule, kind: EvidenceKind): boolean {
  return !rule.kinds || rule.kinds.includes(kind);
}

/**
 * Why `hardening.ingest.trustedPublishing.refRules` refuse an upload of `kind` from the
 * token's ref and event, or undefined. Every rule naming the kind (or naming none) must
 * hold. Besides, evidence a freeze checklist judges ({@link CHECKLIST_KINDS}) is refused
 * from {@link BASE_REF_EVENTS} unless a rule that applies to the kind lists the event.
 */
export function refRuleRefusal(
  publisher: CiPublisher,
  kind: EvidenceKind,
  rules: readonly RefRule[],
): string | undefined {
  const { event } = publisher;
  for (const rule of rules) {
    if (!appliesTo(rule, kind)) continue;
    if (rule.refs && !matchesAny(publisher.ref, rule.refs)) {
      return `${kind} uploads are accepted from ${rule.refs.join(
        ', ',
      )} only (hardening.ingest.trustedPublishing.refRules), but the CI token is for ${
        publisher.ref
      }`;
    }
    if (rule.events && !(event && rule.events.includes(event))) {
      return `${kind} uploads are accepted from ${rule.events.join(
        ', ',
      )} runs only (hardening.ingest.trustedPublishing.refRules), but the CI token is for ${
        event ? `a ${event} run` : 'a run that names no event'
      }`;
    }
    if (rule.protectedOnly && publisher.refProtected !== true) {
      return `${kind} uploads are accepted from protected refs only (hardening.ingest.trustedPublishing.refRules), but ${
        publisher.ref
      } ${
        publisher.refProtected === false
          ? 'is not protected'
          : 'is not said to be protected by the CI token'
      }`;
    }
  }
  if (
    event &&
    BASE_REF_EVENTS.includes(event) &&
    CHECKLIST_KINDS.includes(kind) &&
    !rules.some(rule => appliesTo(rule, kind) && rule.events?.includes(event))
  ) {
    return `${kind} uploads from ${event} runs are refused by default: their token carries the base branch's ref (${publisher.ref}) while such a run usually tests a pull request's code, often from a fork, and milestone checklists judge ${kind} evidence; upload it from the pull_request or push run instead, or list ${event} in the events of a hardening.ingest.trustedPublishing.refRules entry for ${kind} if its evidence may count`;
  }
  return undefined;
}
