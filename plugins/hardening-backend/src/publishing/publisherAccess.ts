import { Entity } from '@backstage/catalog-model';
import { EvidenceKind } from '@hardening/backstage-plugin-hardening-common';
import { refOf } from '../triage/triageCatalog';
import { CiPublisher } from './ciPublisher';
import { IssuerSettings, matchesAny, RefRule } from './publishingSettings';

/** The annotation naming an entity's repository, per CI system. */
export const PROJECT_SLUG_ANNOTATION = {
  github: 'github.com/project-slug',
  gitlab: 'gitlab.com/project-slug',
} as const;

/** The GitLab host an entity's project lives on (as the GitLab plugins read it). */
export const GITLAB_INSTANCE_ANNOTATION = 'gitlab.com/instance';

/** The GitLab project id of an entity, compared with the token's `project_id` when set. */
export const GITLAB_PROJECT_ID_ANNOTATION = 'gitlab.com/project-id';

const lower = (value: string) => value.trim().toLocaleLowerCase('en-US');

function gitlabRefusal(
  publisher: CiPublisher,
  entity: Entity,
  issuers: readonly IssuerSettings[],
): string | undefined {
  const entityRef = refOf(entity);
  const annotations = entity.metadata.annotations ?? {};
  const issuer = issuers.find(i => i.issuer === publisher.issuer);
  const instance = annotations[GITLAB_INSTANCE_ANNOTATION];
  if (instance) {
    if (lower(instance) !== issuer?.instance) {
      return `${entityRef} lives on GitLab ${instance} (its ${GITLAB_INSTANCE_ANNOTATION} annotation), but the CI token is from ${publisher.issuer}`;
    }
  } else if (issuers.filter(i => i.type === 'gitlab').length > 1) {
    return `${entityRef} has no ${GITLAB_INSTANCE_ANNOTATION} annotation and several GitLab issuers are trusted: add "${GITLAB_INSTANCE_ANNOTATION}: ${issuer?.instance}" to its catalog-info.yaml if its project lives there`;
  }
  const projectId = annotations[GITLAB_PROJECT_ID_ANNOTATION];
  if (projectId && projectId.trim() !== publisher.projectId) {
    return `${entityRef} is GitLab project ${projectId} (its ${GITLAB_PROJECT_ID_ANNOTATION} annotation), but the CI token is from project ${
      publisher.projectId ?? '(none)'
    }`;
  }
  return undefined;
}

/**
 * Why a CI token may not write `entity`'s evidence, or undefined when it may: the
 * entity's `github.com/project-slug` / `gitlab.com/project-slug` annotation must name the
 * token's repository (ignoring case, as GitHub and GitLab do). On GitLab, an entity's
 * `gitlab.com/instance` must name the token's GitLab (required when several GitLab issuers
 * are trusted, since the same path can exist on each), and its `gitlab.com/project-id`,
 * when set, the token's project (a renamed or re-created project keeps its path, not its id).
 */
export function repositoryRefusal(
  publisher: CiPublisher,
  entity: Entity,
  issuers: readonly IssuerSettings[],
): string | undefined {
  const entityRef = refOf(entity);
  const annotation = PROJECT_SLUG_ANNOTATION[publisher.type];
  const slug = entity.metadata.annotations?.[annotation];
  if (!slug) {
    return `${entityRef} has no ${annotation} annotation: add "${annotation}: ${publisher.repository}" to its catalog-info.yaml to let CI tokens of that repository upload its evidence`;
  }
  if (lower(slug) !== lower(publisher.repository)) {
    return `${entityRef} belongs to repository ${slug} (its ${annotation} annotation), but the CI token is from ${publisher.repository}`;
  }
  return publisher.type === 'gitlab'
    ? gitlabRefusal(publisher, entity, issuers)
    : undefined;
}

/**
 * Why `hardening.ingest.trustedPublishing.refRules` refuse an upload of `kind` from the
 * token's ref, or undefined. Every rule naming the kind (or naming none) must hold.
 */
export function refRuleRefusal(
  publisher: CiPublisher,
  kind: EvidenceKind,
  rules: readonly RefRule[],
): string | undefined {
  for (const rule of rules) {
    if (rule.kinds && !rule.kinds.includes(kind)) continue;
    if (rule.refs && !matchesAny(publisher.ref, rule.refs)) {
      return `${kind} uploads are accepted from ${rule.refs.join(
        ', ',
      )} only (hardening.ingest.trustedPublishing.refRules), but the CI token is for ${
        publisher.ref
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
  return undefined;
}
