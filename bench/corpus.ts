// The text generated documents are made of, shared by bench/search-probe.ts (the search index
// alone) and the documents stage of bench/generate.ts (the whole application): office words, and
// the probed two-character words written into a known share of the documents, so a search for a
// common, a rare and an absent word finds what it is meant to find.

// Office vocabulary; none of the probed words' characters pairs up across two of these by accident
// except 会议, which is counted after loading.
export const VOCAB = (
  '关于 召开 年度 工作 安排 通知 报告 请示 批复 函 纪要 简报 计划 总结 讲话 部门 公司 集团 分公司 财务 人事 市场 生产 技术 ' +
  '质量 安全 检查 整改 落实 推进 项目 合同 采购 预算 审计 考核 培训 招聘 薪酬 制度 规定 办法 流程 管理 服务 客户 销售 ' +
  '产品 研发 设备 维修 库存 物资 后勤 车辆 接待 来访 出差 费用 报销 审批 签发 登记 归档 档案 保密 文件 材料 数据 系统 ' +
  '信息 网络 平台 建设 改革 发展 规划 目标 任务 指标 完成 情况 问题 建议 意见 措施 要求 加强 做好 进一步 有关 事项 ' +
  '各单位 全体 员工 领导 班子 负责人 主任 经理 专员 第一 第二 季度 月份 上半年 下半年 本周 下周 上午 下午 地点 时间 ' +
  '参加 人员 名单 附件 联系 电话 办公室 大楼 园区 华东 华南 华北 西南 东北 营销 渠道 品牌 宣传 活动 庆典 表彰 先进 ' +
  '个人 集体 奖励 处分 调整 任命 免去 职务 机构 设置 编制 岗位 职责 分工 协调 督办 催办 反馈 答复 回执 签收 传阅'
).split(' ');

export interface ProbeWord {
  word: string;
  label: string;
  /** Share of documents it is written into (0: none, the absent word). */
  share: number;
}

/** Probed words and the share of documents they are written into. */
export const PROBE_WORDS: ProbeWord[] = [
  { word: '会议', label: 'common (20 %)', share: 0.2 },
  { word: '琥珀', label: 'medium (1 %)', share: 0.01 },
  { word: '翡翠', label: 'uncommon (0.1 %)', share: 0.001 },
  { word: '鲲鹏', label: 'rare (0.01 %)', share: 0.0001 },
  { word: '犀牛', label: 'absent', share: 0 },
];

export const probeWord = (label: 'common' | 'medium' | 'uncommon' | 'rare' | 'absent'): string => PROBE_WORDS.find((w) => w.label.startsWith(label))!.word;

/** n office words run together, as Chinese is written. */
export function words(rand: () => number, n: number): string {
  return Array.from({ length: n }, () => VOCAB[Math.floor(rand() * VOCAB.length)]).join('');
}

/**
 * Writes each probed word into the title (three times in ten) or the text of this document with
 * the word's share as the chance. Draws from `rand` in a fixed order, so a seeded generator gives
 * the same documents every time.
 */
export function sprinkleProbeWords(rand: () => number, title: string, text: string): { title: string; text: string } {
  for (const w of PROBE_WORDS) {
    if (w.share && rand() < w.share) {
      if (rand() < 0.3) title += w.word;
      else text += w.word + words(rand, 1);
    }
  }
  return { title, text };
}
