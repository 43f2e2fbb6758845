// A complete 公文 with every element of GB/T 9704-2012, for previews and the renderer's tests.
import type { OfficialDocument } from './official-document.js';

export const SAMPLE_OFFICIAL_DOCUMENT: OfficialDocument = {
  copyNumber: '000123',
  classification: { level: '机密', term: '1年' },
  urgency: '特急',
  organMark: '示例集团有限公司文件',
  issueNumber: '示例集团发〔2026〕12号',
  title: '示例集团有限公司关于\n进一步规范公文处理工作的通知',
  addressee: '集团各部门、各子公司',
  body: [
    '为进一步提高公文处理工作的规范化水平，根据《党政机关公文处理工作条例》和《党政机关公文格式》（GB/T 9704-2012），结合集团实际，现就有关事项通知如下。',
    { level: 1, heading: '一、总体要求' },
    { level: 2, heading: '（一）坚持实事求是。', text: '公文内容要符合国家法律法规和集团规章制度，情况确实，观点明确，表述准确，结构严谨。' },
    { level: 2, heading: '（二）坚持精简高效。', text: '可发可不发的坚决不发，可长可短的坚决短，一事一文。' },
    { level: 1, heading: '二、工作措施' },
    { level: 3, heading: '1.', text: '严格执行收文签收、登记、初审、拟办、批示、承办、催办、办结等程序。' },
    { level: 4, heading: '（1）', text: '发文须经核稿、会签、校对和签发，签发人应当签署意见、姓名和完整日期。' },
    { level: 3, heading: '2.', text: '各部门要明确专人负责公文处理工作，做到不漏传、不误传、不延误。' },
    '请各部门、各子公司认真贯彻落实，执行中遇到的问题及时报集团总经理办公室。',
  ],
  attachmentNotes: ['公文处理工作流程', '公文格式要素说明'],
  issuer: '示例集团有限公司',
  issuedOn: '2026-11-27',
  seal: {},
  remark: '此件公开发布',
  attachments: [
    {
      title: '公文处理工作流程',
      paragraphs: [
        { level: 1, heading: '一、收文' },
        '签收、登记、初审、拟办、批示、承办、催办、办结或答复。',
        { level: 1, heading: '二、发文' },
        '拟稿、核稿、会签、校对、签发、复核、登记、印制、核发。',
      ],
    },
    {
      title: '公文格式要素说明',
      paragraphs: ['版头、主体和版记各要素的编排按照《党政机关公文格式》执行。'],
    },
  ],
  copyTo: ['集团党委', '集团纪委', '集团工会'],
  printing: { organ: '示例集团有限公司办公室', date: '2026-11-27' },
};
