import { UploadHint } from '../UploadHint';

/**
 * What to do when an entity has no (readable) runbook: name the files with the
 * `hardening.io/runbooks` annotation, or upload the Markdown.
 */
export const RunbookUploadHint = (props: {
  title: string;
  runbookId?: string;
}) => {
  const id = props.runbookId ?? 'triage';
  return (
    <UploadHint
      title={props.title}
      description={
        <>
          Name the Markdown files in the component's repository with the{' '}
          <code>hardening.io/runbooks</code> annotation (comma-separated paths
          relative to the folder of its <code>catalog-info.yaml</code>, e.g.{' '}
          <code>docs/runbooks/{id}.md</code>), or, when the backend cannot read
          the repository, upload the file from CI (the runbook's id is the path
          segment):
        </>
      }
      example={{
        method: 'PUT',
        path: `/runbooks/${id}`,
        contentType: 'text/markdown',
        file: `docs/runbooks/${id}.md`,
      }}
    />
  );
};
