// The modules of the menu: only those that exist, each shown when the person's capabilities allow.
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { ApartmentOutlined, AuditOutlined, CalendarOutlined, FileSearchOutlined, HomeOutlined, InboxOutlined, PaperClipOutlined, SendOutlined, FlagOutlined } from '@ant-design/icons';
import type { Need } from '../lib/ability.js';
import type { MessageKey } from '../lib/messages.js';

export interface ModuleDef {
  key: string;
  path: string;
  label: MessageKey;
  icon: ReactNode;
  need: Need;
  page: LazyExoticComponent<ComponentType>;
}

export const MODULES: ModuleDef[] = [
  { key: 'home', path: '/', label: 'nav.home', icon: <HomeOutlined />, need: 'authenticated', page: lazy(() => import('../features/home/home.page.js')) },
  { key: 'incoming', path: '/incoming', label: 'nav.incoming', icon: <InboxOutlined />, need: 'documents.read', page: lazy(() => import('../features/incoming/incoming.page.js')) },
  { key: 'outgoing', path: '/outgoing', label: 'nav.outgoing', icon: <SendOutlined />, need: 'documents.read', page: lazy(() => import('../features/outgoing/outgoing.page.js')) },
  { key: 'supervision', path: '/supervision', label: 'nav.supervision', icon: <FlagOutlined />, need: 'supervision.read', page: lazy(() => import('../features/supervision/supervision.page.js')) },
  { key: 'search', path: '/search', label: 'nav.search', icon: <FileSearchOutlined />, need: 'documents.read', page: lazy(() => import('../features/search/search.page.js')) },
  { key: 'org', path: '/org', label: 'nav.org', icon: <ApartmentOutlined />, need: 'org.read', page: lazy(() => import('../features/org/org.page.js')) },
  { key: 'attachments', path: '/attachments', label: 'nav.attachments', icon: <PaperClipOutlined />, need: 'files.read', page: lazy(() => import('../features/files/attachments.page.js')) },
  { key: 'calendar', path: '/calendar', label: 'nav.calendar', icon: <CalendarOutlined />, need: 'authenticated', page: lazy(() => import('../features/calendar/calendar.page.js')) },
  { key: 'audit', path: '/audit', label: 'nav.audit', icon: <AuditOutlined />, need: 'audit.read', page: lazy(() => import('../features/audit/audit.page.js')) },
];
