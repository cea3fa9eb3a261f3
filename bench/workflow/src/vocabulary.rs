//! Words an office's records are made of, so that titles and 意见 segment and match like
//! real ones.

pub const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
];

pub const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "霞", "平", "刚", "桂英", "建华", "文", "华", "红", "志强", "晓燕", "海燕",
    "国庆",
];

pub const DEPARTMENTS: &[&str] = &[
    "办公室",
    "政策法规处",
    "综合规划处",
    "财务审计处",
    "人事处",
    "科技教育处",
    "建设管理处",
    "安全监督处",
    "机关党委",
    "信息中心",
    "应急管理处",
    "对外合作处",
    "统计分析处",
    "质量监督处",
    "行政审批处",
    "离退休干部处",
    "后勤服务中心",
    "宣传教育处",
    "产业发展处",
    "市场监管处",
];

pub const VERBS: &[&str] = &[
    "做好",
    "加强",
    "开展",
    "进一步规范",
    "切实抓好",
    "印发",
    "转发",
    "申请",
    "报送",
    "召开",
    "组织",
    "推进",
];

pub const SUBJECTS: &[&str] = &[
    "安全生产",
    "防汛抗旱",
    "森林防火",
    "预算执行",
    "政府采购",
    "干部培训",
    "党风廉政建设",
    "营商环境",
    "乡村振兴",
    "生态环境保护",
    "信访维稳",
    "招商引资",
    "重点项目建设",
    "质量监督",
    "统计调查",
    "档案管理",
    "保密工作",
    "公务用车管理",
    "节能降耗",
    "老干部服务",
    "人才引进",
    "科技创新",
    "数字政府建设",
    "政务公开",
    "安全隐患排查",
    "消防演练",
    "审计整改",
    "巡视整改",
    "法治政府建设",
    "双拥工作",
    "民族团结进步",
    "文明单位创建",
    "志愿服务",
    "应急管理",
    "交通运输保障",
    "水利工程建设",
    "城乡规划",
    "职业技能培训",
    "医疗保障",
    "食品安全",
    "耕地保护",
    "河湖长制",
    "垃圾分类",
    "老旧小区改造",
    "公共文化服务",
    "体育健身",
    "就业创业",
    "社会救助",
    "养老服务",
    "学前教育",
    "义务教育",
    "网络安全",
    "数据治理",
    "政务服务",
    "减税降费",
    "金融风险防范",
    "房地产市场调控",
    "粮食安全",
    "能源保供",
    "冬季取暖",
];

pub const KINDS: &[&str] = &["通知", "请示", "报告", "函", "意见", "方案", "纪要", "通报"];

pub const OPINIONS: &[&str] = &[
    "同意。",
    "拟同意，请领导审定。",
    "请按程序办理。",
    "已阅。",
    "请抓紧落实，按时报送情况。",
    "建议补充近三年有关数据后再报。",
    "同意，请办公室统筹安排。",
    "请相关处室研究提出意见。",
    "原则同意，注意控制经费。",
    "请结合实际认真贯彻落实。",
];

/// Appears in about one record in two thousand: a search with few hits.
pub const RARE: &str = "白鹤滩水电站";

/// Planted in [`FEW`] records that the 科员 measured takes part in, spread over the years, at any
/// size of database: a search with the same hits at 10k as at 1M, so that what grows, if anything,
/// is the cost of finding them among more records.
pub const FEW_OF_STAFF: &str = "溪洛渡";

/// Planted in [`FEW`] records of each 分管领导, in the same way.
pub const FEW_OF_DEPUTY: &str = "向家坝";

pub const FEW: usize = 10;
