// A document's attachments → API JSON: one entry per attachment showing its newest version, with
// every version kept (each downloadable through GET /api/v1/attachments/:attachmentId/content).
import type { DocumentAttachmentRow } from './document-attachments.repository.js';

function presentVersion(r: DocumentAttachmentRow) {
  return {
    versionNo: r.version_no,
    attachmentId: r.attachment_id,
    name: r.filename,
    size: Number(r.size),
    mime: r.mime,
    classification: r.classification,
    createdBy: r.created_by_name,
    createdById: r.created_by,
    createdAt: r.created_at,
  };
}

export type PresentedAttachment = ReturnType<typeof presentDocumentAttachments>[number];

/** Rows come ordered by attachment (lineage), then version; attachments are listed oldest first. */
export function presentDocumentAttachments(rows: DocumentAttachmentRow[]) {
  const lineages = new Map<string, DocumentAttachmentRow[]>();
  for (const r of rows) lineages.set(r.lineage_id, [...(lineages.get(r.lineage_id) ?? []), r]);
  return [...lineages.entries()]
    .map(([id, versions]) => {
      const latest = versions[versions.length - 1];
      return { id, ...presentVersion(latest), addedAt: versions[0].created_at, versions: versions.map(presentVersion) };
    })
    .sort((a, b) => (a.addedAt < b.addedAt ? -1 : a.addedAt > b.addedAt ? 1 : a.id.localeCompare(b.id)));
}
