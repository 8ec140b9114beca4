import { AuditorService } from '@backstage/backend-plugin-api';
import {
  gitTagsUploadSchema,
  hardeningEvidenceCreatePermission,
} from '@hardening/backstage-plugin-hardening-common';
import Router from 'express-promise-router';
import { EvidenceStore } from '../database/EvidenceStore';
import { GitTagStore } from '../database/GitTagStore';
import { parseUploadQueryWith } from './ciContextQuery';
import { EntityAccessCheck } from './entityAccess';
import { uploaderOf } from '../publishing/reportUploader';
import { assertTagsOfPublisherCommit } from '../publishing/publisherContext';
import { readJsonBody } from './jsonBody';
import { fixedUploadLimit } from './uploadLimits';
import {
  ENTITY_PATH,
  reportHistoryHandler,
  respondWithAuditedUpload,
} from './reportRoutes';

/** A git-tags body lists at most 200 tags: a few kilobytes. */
const GIT_TAGS_BODY_LIMIT = fixedUploadLimit(64 * 1024, 'git-tags uploads');

/** `POST …/git-tags`: the tags CI saw, so that milestone checklists can find theirs. */
export function createGitTagsRouter(options: {
  store: EvidenceStore;
  gitTags: GitTagStore;
  auditor: AuditorService;
  checkEntityAccess: EntityAccessCheck;
  clock: () => Date;
}) {
  const { store, gitTags, auditor, checkEntityAccess, clock } = options;
  const router = Router();

  router.post(`${ENTITY_PATH}/git-tags`, async (req, res) => {
    const access = await checkEntityAccess(
      req,
      hardeningEvidenceCreatePermission,
    );
    const { entityRef, publisher } = access;
    const { context } = parseUploadQueryWith(req.query, {});
    await respondWithAuditedUpload(
      auditor,
      req,
      res,
      { entityRef, kind: 'git-tags' },
      async () => {
        const { data, digest } = await readJsonBody(
          req,
          gitTagsUploadSchema,
          GIT_TAGS_BODY_LIMIT,
        );
        if (publisher) assertTagsOfPublisherCommit(data.tags, publisher);
        return gitTags.insertGitTags(
          {
            entityRef,
            digest,
            context,
            receivedAt: clock(),
            uploader: uploaderOf(access),
          },
          data.tags,
        );
      },
    );
  });

  router.get(
    `${ENTITY_PATH}/git-tags`,
    reportHistoryHandler('git-tags', { store, checkEntityAccess }),
  );

  return router;
}
