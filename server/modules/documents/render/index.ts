// Output of official documents in the GB/T 9704-2012 layout.
export { renderOfficialDocx } from './official-docx.renderer.js';
export { formatDocumentDate, type OfficialDocument, type BodyParagraph, type AttachmentPage } from './official-document.js';
