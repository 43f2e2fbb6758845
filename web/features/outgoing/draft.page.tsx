// 拟稿 (/outgoing/new) and 修改草稿 (/outgoing/:id/edit): the kind and its template, title, 主送,
// 抄送, classification and term, urgency, the document it answers, countersigning departments and
// the text. Every saved change of title or text is a kept version (shown beside the form); a
// stale save (409) reloads the newest version and says so.
import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Input, Row, Select, Space } from 'antd';
import { SaveOutlined, SendOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { isClassified } from '../../../common/classification.js';
import { ClassificationSelect } from '../../components/classification.js';
import { PageHeader } from '../../components/page-header.js';
import { ApiError } from '../../lib/api.js';
import { useI18n } from '../../lib/i18n.js';
import { useMe } from '../../lib/session.js';
import { useApi } from '../../lib/use-api.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { useIsMobile } from '../../lib/media.js';
import { orgApi } from '../org/org.api.js';
import { ScopePicker } from '../files/scope.picker.js';
import type { ScopeSubject } from '../files/files.api.js';
import { ActionModal } from './action.modal.js';
import { outgoingApi, type DraftCreate, type OutgoingDetail, type Urgency } from './outgoing.api.js';
import { DOC_KINDS, templateFor, type DocKind } from './outgoing.kinds.js';
import { URGENCIES, urgencyKey } from './outgoing.tags.js';
import { RepliesToPicker } from './replies-to.picker.js';
import { VersionsPanel } from './versions.panel.js';

interface Values {
  docKind: DocKind;
  title: string;
  addressee?: string;
  cc?: string;
  classification: number;
  secrecyTerm?: string;
  scope?: ScopeSubject[];
  urgency: Urgency;
  repliesToId?: string | null;
  countersignDepartments?: string[];
  body: string;
}

const valuesOf = (d: OutgoingDetail): Values => ({
  docKind: d.docKind as DocKind,
  title: d.title,
  addressee: d.addressee ?? '',
  cc: d.cc ?? '',
  classification: d.classification,
  secrecyTerm: d.secrecyTerm ?? '',
  urgency: d.urgency as Urgency,
  repliesToId: d.repliesTo?.id ?? null,
  countersignDepartments: d.countersignDepartments,
  body: d.body,
});

/** The editable fields as the API takes them (empty text → null where the field allows it). */
function fieldsOf(v: Values) {
  const classified = isClassified(v.classification);
  return {
    title: v.title.trim(),
    body: v.body,
    addressee: v.addressee?.trim() ?? '',
    cc: v.cc?.trim() ?? '',
    classification: v.classification,
    secrecyTerm: classified && v.secrecyTerm?.trim() ? v.secrecyTerm.trim() : null,
    urgency: v.urgency,
    countersignDepartments: v.countersignDepartments ?? [],
  };
}

export default function DraftPage() {
  const { id } = useParams();
  const { t, l } = useI18n();
  const me = useMe();
  const fb = useFeedback();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const editing = !!id;
  const loaded = useApi(() => (id ? outgoingApi.get(id) : Promise.resolve(null)), [id]);
  const [doc, setDoc] = useState<OutgoingDetail | null>(null);
  const departments = useApi(() => orgApi.departments(), []);
  const kind = Form.useWatch('docKind', form) ?? '通知';
  const level = Form.useWatch('classification', form) ?? 1;
  const lastKind = useRef<DocKind>('通知');
  const max = Math.min(me.clearance, me.contentCeiling);

  useEffect(() => {
    if (loaded.data) {
      setDoc(loaded.data);
      form.resetFields(); // a reload after a stale save replaces whatever was typed
      form.setFieldsValue(valuesOf(loaded.data));
    }
  }, [loaded.data]);

  // A body still equal to the previous kind's template follows the kind; a written one stays.
  const onValuesChange = (changed: Partial<Values>) => {
    if (!changed.docKind) return;
    const body = form.getFieldValue('body') as string;
    if (!editing && (!body?.trim() || body === templateFor(lastKind.current))) form.setFieldValue('body', templateFor(changed.docKind));
    lastKind.current = changed.docKind;
  };

  const create = async (v: Values) => {
    const body: DraftCreate = {
      docKind: v.docKind,
      ...fieldsOf(v),
      ...(v.repliesToId && { repliesToId: v.repliesToId }),
      ...(isClassified(v.classification) && { scope: { people: (v.scope ?? []).filter((s) => s.kind === 'person').map((s) => s.id), departments: (v.scope ?? []).filter((s) => s.kind === 'department').map((s) => s.id) } }),
    };
    const made = await outgoingApi.create(body);
    fb.ok(t('out.created'));
    navigate(`/outgoing/${made.id}`, { replace: true });
  };

  /** Saves the edit; answers the saved document, or null when nothing was saved. */
  const save = async (v: Values): Promise<OutgoingDetail | null> => {
    if (!doc) return null;
    try {
      const next = await outgoingApi.update(doc.id, { version: doc.version, ...fieldsOf(v) });
      setDoc(next);
      form.resetFields(); // clears "touched", so a later submit knows nothing is unsaved
      form.setFieldsValue(valuesOf(next));
      message.success(t('out.saved', { n: next.versions.length }));
      return next;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'stale_version') {
        message.warning(t('out.staleReloaded'), 8);
        loaded.reload();
        return null;
      }
      throw e;
    }
  };

  const finish = async (v: Values) => {
    setBusy(true);
    try {
      if (editing) await save(v);
      else await create(v);
    } catch (e) {
      fb.error(e);
    } finally {
      setBusy(false);
    }
  };

  const saveAndSubmit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      const next = form.isFieldsTouched() ? await save(v) : doc;
      if (next) {
        setDoc(next);
        setSubmitting(true);
      }
    } catch (e) {
      fb.error(e);
    } finally {
      setBusy(false);
    }
  };

  if (editing && loaded.error) return <Alert type="error" showIcon message={loaded.error instanceof ApiError ? loaded.error.message : t('common.unexpectedError')} />;
  if (editing && !doc) return <Card loading />;
  // Versions are written by the drafter; the trail names everyone who acted on the document.
  const names = { ...Object.fromEntries((doc?.trail ?? []).map((s) => [s.actorId, s.actorName])), [me.id]: me.name };
  const mayEdit = !editing || !!doc?.abilities.some((a) => a.action === 'submit');
  const submitAbility = doc?.abilities.find((a) => a.action === 'submit') ?? null;
  const half = mobile ? 24 : 12;
  const quarter = mobile ? 12 : 6;

  const formCard = (
    <Card size="small">
      {!mayEdit && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('out.noActions')}
          action={doc && <Link to={`/outgoing/${doc.id}`}>{t('out.toDocument')}</Link>}
        />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        disabled={!mayEdit}
        onFinish={finish}
        onValuesChange={onValuesChange}
        initialValues={editing ? undefined : { docKind: '通知', urgency: 'normal', classification: Math.min(1, max), body: templateFor('通知') }}
      >
        <Row gutter={12}>
          <Col span={quarter}>
            <Form.Item name="docKind" label={t('out.kind')} rules={[{ required: true, message: t('out.kindRequired') }]}>
              <Select disabled={editing} virtual={false} options={DOC_KINDS.map((k) => ({ value: k, label: k }))} />
            </Form.Item>
          </Col>
          <Col span={quarter}>
            <Form.Item name="urgency" label={t('out.urgency')}>
              <Select options={URGENCIES.map((u) => ({ value: u, label: t(urgencyKey(u)) }))} />
            </Form.Item>
          </Col>
          <Col span={quarter}>
            <Form.Item name="classification" label={t('out.classification')}>
              <ClassificationSelect max={max} />
            </Form.Item>
          </Col>
          <Col span={quarter}>
            <Form.Item name="secrecyTerm" label={t('out.secrecyTerm')}>
              <Input disabled={!isClassified(level)} placeholder={t('out.secrecyTermPlaceholder')} maxLength={40} />
            </Form.Item>
          </Col>
        </Row>
        {!editing && isClassified(level) && (
          <Form.Item name="scope" label={t('out.scope')} extra={t('out.scopeHint')}>
            <ScopePicker />
          </Form.Item>
        )}
        <Form.Item name="title" label={t('out.docTitle')} extra={t('out.singleMatter')} rules={[{ required: true, whitespace: true, message: t('out.titleRequired') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={half}>
            <Form.Item name="addressee" label={t('out.addressee')}>
              <Input placeholder={t('out.addresseePlaceholder')} maxLength={500} />
            </Form.Item>
          </Col>
          <Col span={half}>
            <Form.Item name="cc" label={t('out.cc')}>
              <Input placeholder={t('out.ccPlaceholder')} maxLength={1000} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          {/* The answered document is chosen when drafting; an edit shows it, if there is one. */}
          <Col span={editing && !doc?.repliesTo ? 0 : half}>
            {editing ? (
              doc?.repliesTo && (
                <Form.Item label={t('out.repliesTo')}>
                  <Link to={`/outgoing/${doc.repliesTo.id}`}>{doc.repliesTo.title}</Link>
                </Form.Item>
              )
            ) : (
              <Form.Item
                name="repliesToId"
                label={t('out.repliesTo')}
                extra={t('out.repliesToHint')}
                rules={[{ required: kind === '批复', message: t('out.repliesRequired') }]}
              >
                <RepliesToPicker kind={kind} />
              </Form.Item>
            )}
          </Col>
          <Col span={editing && !doc?.repliesTo ? 24 : half}>
            <Form.Item name="countersignDepartments" label={t('out.countersignDepts')} extra={t('out.countersignDeptsHint')}>
              <Select
                mode="multiple"
                allowClear
                optionFilterProp="label"
                loading={departments.loading}
                options={(departments.data ?? []).filter((d) => d.id !== (doc?.draftingDepartmentId ?? me.department.id)).map((d) => ({ value: d.id, label: d.name }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="body" label={t('out.body')} extra={!editing && t('out.templateHint', { kind })} rules={[{ required: true, whitespace: true, message: t('out.body') }]}>
          <Input.TextArea autoSize={{ minRows: 10, maxRows: 30 }} style={{ fontSize: 15, lineHeight: 1.8 }} data-testid="draft-body" />
        </Form.Item>
        {mayEdit && (
          <Space wrap>
            <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={busy}>
              {editing ? t('out.saveDraft') : t('out.createDraft')}
            </Button>
            {editing && submitAbility && (
              <Button icon={<SendOutlined />} onClick={() => void saveAndSubmit()} loading={busy}>
                {l(submitAbility.label)}
              </Button>
            )}
          </Space>
        )}
      </Form>
    </Card>
  );

  return (
    <>
      <PageHeader title={editing ? t('out.editTitle') : t('out.newTitle')} sub={doc ? doc.title : undefined} />
      {editing && doc ? (
        <Row gutter={16}>
          <Col xs={24} xl={15}>
            {formCard}
          </Col>
          <Col xs={24} xl={9}>
            <Card size="small" title={t('out.versions')} style={{ marginTop: mobile ? 16 : 0 }}>
              <VersionsPanel versions={doc.versions} names={names} />
            </Card>
          </Col>
        </Row>
      ) : (
        formCard
      )}
      {doc && (
        <ActionModal
          doc={doc}
          ability={submitting ? submitAbility : null}
          onClose={() => setSubmitting(false)}
          onStale={() => loaded.reload()}
          onDone={(next) => {
            setSubmitting(false);
            fb.ok(t('out.actionDone', { action: l(submitAbility?.label) }));
            navigate(`/outgoing/${next.id}`);
          }}
        />
      )}
    </>
  );
}
