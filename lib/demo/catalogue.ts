/**
 * The static part of the demo data set: a province, the district of the report in domain.md §1
 * (41.484 dossiers: 12.932 at district level, 28.552 at commune level) and a smaller sibling
 * district, the procedures they handle and the words citizens leave. The place names are real,
 * every figure attached to them is invented.
 */

/** Which procedures a unit handles: communes share one list, district units split by field. */
export type UnitRole = "commune" | "center" | "justice" | "land" | "construction" | "finance" | "labour" | "education";

export type AgencySpec = {
  code: string;
  name: string;
  nameEn: string;
  level: "province" | "district" | "center" | "department" | "commune";
  parentCode: string | null;
  /** Procedures handled; empty for agencies that only group others (province, district). */
  handles: UnitRole[];
  /** Counters (quầy) at the one-stop desk, one officer each. */
  desks: number;
  /** Dossiers completed in the demo year. */
  dossiers: number;
  /** Service quality as a logit offset: negative is worse than the district, positive better. */
  quality: number;
  /** Share of completed dossiers that get an invitation (the desk does not always hand one out). */
  invitationRate: number;
  /** Multiplies the channel's response rate. */
  responseFactor: number;
};

export const DEMO_PROVINCE_CODE = "TN";
/** The district whose year reproduces the report of domain.md §1. */
export const DEMO_DISTRICT_CODE = "TN-PB";

// Volumes of the report: the seed refuses to run if the list below stops adding up to them.
export const REPORT_DISTRICT_LEVEL_DOSSIERS = 12_932;
export const REPORT_COMMUNE_LEVEL_DOSSIERS = 28_552;

const commune = (
  code: string,
  name: string,
  nameEn: string,
  desks: number,
  dossiers: number,
  quality: number,
  invitationRate: number,
  responseFactor: number,
  parentCode = DEMO_DISTRICT_CODE,
): AgencySpec => ({
  code,
  name,
  nameEn,
  level: "commune",
  parentCode,
  handles: ["commune"],
  desks,
  dossiers,
  quality,
  invitationRate,
  responseFactor,
});

/** Parents before children: the seed creates them in this order. */
export const AGENCIES: AgencySpec[] = [
  {
    code: DEMO_PROVINCE_CODE,
    name: "Tỉnh Thái Nguyên",
    nameEn: "Thai Nguyen Province",
    level: "province",
    parentCode: null,
    handles: [],
    desks: 0,
    dossiers: 0,
    quality: 0,
    invitationRate: 0,
    responseFactor: 0,
  },
  {
    code: DEMO_DISTRICT_CODE,
    name: "Huyện Phú Bình",
    nameEn: "Phu Binh District",
    level: "district",
    parentCode: DEMO_PROVINCE_CODE,
    handles: [],
    desks: 0,
    dossiers: 0,
    quality: 0,
    invitationRate: 0,
    responseFactor: 0,
  },
  {
    code: "TN-PB-MC",
    name: "Bộ phận Một cửa huyện Phú Bình",
    nameEn: "Phu Binh District One-Stop Centre",
    level: "center",
    parentCode: DEMO_DISTRICT_CODE,
    handles: ["center"],
    desks: 6,
    dossiers: 4_100,
    quality: 0.15,
    invitationRate: 0.93,
    responseFactor: 1.1,
  },
  {
    code: "TN-PB-TP",
    name: "Phòng Tư pháp",
    nameEn: "Justice Division",
    level: "department",
    parentCode: DEMO_DISTRICT_CODE,
    handles: ["justice"],
    desks: 1,
    dossiers: 1_650,
    quality: 0.55,
    invitationRate: 0.9,
    responseFactor: 1.05,
  },
  {
    code: "TN-PB-TNMT",
    name: "Phòng Tài nguyên và Môi trường",
    nameEn: "Natural Resources and Environment Division",
    level: "department",
    parentCode: DEMO_DISTRICT_CODE,
    handles: ["land"],
    desks: 2,
    dossiers: 3_900,
    quality: -0.6,
    invitationRate: 0.8,
    responseFactor: 0.95,
  },
  {
    code: "TN-PB-KTHT",
    name: "Phòng Kinh tế và Hạ tầng",
    nameEn: "Economy and Infrastructure Division",
    level: "department",
    parentCode: DEMO_DISTRICT_CODE,
    handles: ["construction"],
    desks: 1,
    dossiers: 620,
    quality: -0.25,
    invitationRate: 0.82,
    responseFactor: 0.9,
  },
  {
    code: "TN-PB-TCKH",
    name: "Phòng Tài chính – Kế hoạch",
    nameEn: "Finance and Planning Division",
    level: "department",
    parentCode: DEMO_DISTRICT_CODE,
    handles: ["finance"],
    desks: 1,
    dossiers: 1_310,
    quality: 0.3,
    invitationRate: 0.88,
    responseFactor: 1,
  },
  {
    code: "TN-PB-LDTBXH",
    name: "Phòng Lao động – Thương binh và Xã hội",
    nameEn: "Labour, Invalids and Social Affairs Division",
    level: "department",
    parentCode: DEMO_DISTRICT_CODE,
    handles: ["labour"],
    desks: 1,
    dossiers: 1_050,
    quality: 0.45,
    invitationRate: 0.86,
    responseFactor: 0.95,
  },
  {
    code: "TN-PB-GDDT",
    name: "Phòng Giáo dục và Đào tạo",
    nameEn: "Education and Training Division",
    level: "department",
    parentCode: DEMO_DISTRICT_CODE,
    handles: ["education"],
    desks: 1,
    dossiers: 302,
    quality: 0.2,
    invitationRate: 0.84,
    responseFactor: 0.9,
  },
  commune("TN-PB-TTHS", "Thị trấn Hương Sơn", "Huong Son Township", 3, 4_390, 0.3, 0.9, 1.05),
  commune("TN-PB-XKS", "Xã Kha Sơn", "Kha Son Commune", 2, 3_270, -0.7, 0.78, 0.9),
  commune("TN-PB-XUK", "Xã Úc Kỳ", "Uc Ky Commune", 2, 2_950, 0.2, 0.87, 1),
  commune("TN-PB-XDTH", "Xã Điềm Thụy", "Diem Thuy Commune", 2, 2_780, 0.95, 0.94, 1.15),
  commune("TN-PB-XNL", "Xã Nhã Lộng", "Nha Long Commune", 2, 2_640, -0.3, 0.84, 0.95),
  commune("TN-PB-XTDI", "Xã Thượng Đình", "Thuong Dinh Commune", 2, 2_510, 0.6, 0.9, 1.05),
  commune("TN-PB-XXP", "Xã Xuân Phương", "Xuan Phuong Commune", 2, 2_380, -0.55, 0.8, 0.9),
  commune("TN-PB-XBL", "Xã Bảo Lý", "Bao Ly Commune", 1, 2_170, 0.75, 0.91, 1.1),
  commune("TN-PB-XTDU", "Xã Tân Đức", "Tan Duc Commune", 1, 2_060, 0, 0.86, 1),
  commune("TN-PB-XDX", "Xã Đào Xá", "Dao Xa Commune", 1, 1_880, 0.4, 0.88, 1),
  commune("TN-PB-XTK", "Xã Tân Khánh", "Tan Khanh Commune", 1, 1_522, -0.2, 0.85, 0.95),
  // A second district so that the province has more than one child to compare; little data.
  {
    code: "TN-DH",
    name: "Huyện Đồng Hỷ",
    nameEn: "Dong Hy District",
    level: "district",
    parentCode: DEMO_PROVINCE_CODE,
    handles: [],
    desks: 0,
    dossiers: 0,
    quality: 0,
    invitationRate: 0,
    responseFactor: 0,
  },
  {
    code: "TN-DH-MC",
    name: "Bộ phận Một cửa huyện Đồng Hỷ",
    nameEn: "Dong Hy District One-Stop Centre",
    level: "center",
    parentCode: "TN-DH",
    handles: ["center", "justice", "land", "construction", "finance", "labour", "education"],
    desks: 2,
    dossiers: 1_240,
    quality: -0.1,
    invitationRate: 0.85,
    responseFactor: 0.95,
  },
  commune("TN-DH-XHT", "Xã Hóa Thượng", "Hoa Thuong Commune", 1, 980, 0.35, 0.88, 1, "TN-DH"),
  commune("TN-DH-XML", "Xã Minh Lập", "Minh Lap Commune", 1, 640, -0.4, 0.82, 0.9, "TN-DH"),
];

export type ProcedureSpec = {
  /** National procedure code (mã thủ tục hành chính). */
  code: string;
  name: string;
  /** Lĩnh vực. */
  field: string;
  /** Legal time limit in working days; 0 = returned the same day. */
  limitDays: number;
  /** Relative volume inside an agency that handles it. */
  weight: number;
  handledBy: UnitRole[];
  /** Share completed after the due date: land and building permits run late more often. */
  lateRate?: number;
  /** Procedures citizens find heavy get more dissatisfied answers on S2 (procedure). */
  burden?: number;
};

export const PROCEDURES: ProcedureSpec[] = [
  { code: "1.001193", name: "Đăng ký khai sinh", field: "Hộ tịch", limitDays: 0, weight: 9, handledBy: ["commune"] },
  { code: "1.000894", name: "Đăng ký kết hôn", field: "Hộ tịch", limitDays: 0, weight: 3, handledBy: ["commune"] },
  { code: "1.000656", name: "Đăng ký khai tử", field: "Hộ tịch", limitDays: 0, weight: 2.5, handledBy: ["commune"] },
  {
    code: "1.004873",
    name: "Cấp Giấy xác nhận tình trạng hôn nhân",
    field: "Hộ tịch",
    limitDays: 3,
    weight: 6,
    handledBy: ["commune"],
  },
  { code: "1.004884", name: "Đăng ký lại khai sinh", field: "Hộ tịch", limitDays: 5, weight: 1.2, handledBy: ["commune"] },
  { code: "1.001022", name: "Đăng ký nhận cha, mẹ, con", field: "Hộ tịch", limitDays: 3, weight: 0.4, handledBy: ["commune"] },
  {
    code: "1.000689",
    name: "Đăng ký khai sinh kết hợp nhận cha, mẹ, con",
    field: "Hộ tịch",
    limitDays: 3,
    weight: 0.4,
    handledBy: ["commune"],
  },
  {
    code: "2.000635",
    name: "Cấp bản sao trích lục hộ tịch",
    field: "Hộ tịch",
    limitDays: 0,
    weight: 5,
    handledBy: ["commune", "justice"],
  },
  { code: "1.004837", name: "Đăng ký giám hộ", field: "Hộ tịch", limitDays: 1, weight: 0.15, handledBy: ["commune"] },
  {
    code: "2.000528",
    name: "Đăng ký khai sinh có yếu tố nước ngoài",
    field: "Hộ tịch",
    limitDays: 3,
    weight: 1.5,
    handledBy: ["justice"],
  },
  {
    code: "2.000806",
    name: "Đăng ký kết hôn có yếu tố nước ngoài",
    field: "Hộ tịch",
    limitDays: 10,
    weight: 1.2,
    handledBy: ["justice"],
  },
  {
    code: "2.000815",
    name: "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam cấp hoặc chứng nhận",
    field: "Chứng thực",
    limitDays: 0,
    weight: 40,
    handledBy: ["commune", "center", "justice"],
  },
  {
    code: "2.000884",
    name: "Chứng thực chữ ký trong các giấy tờ, văn bản",
    field: "Chứng thực",
    limitDays: 0,
    weight: 10,
    handledBy: ["commune", "center", "justice"],
  },
  {
    code: "2.000942",
    name: "Cấp bản sao có chứng thực từ bản chính hợp đồng, giao dịch đã được chứng thực",
    field: "Chứng thực",
    limitDays: 2,
    weight: 0.6,
    handledBy: ["commune", "justice"],
  },
  {
    code: "2.000950",
    name: "Công nhận tổ trưởng tổ hòa giải",
    field: "Hòa giải cơ sở",
    limitDays: 5,
    weight: 0.1,
    handledBy: ["commune"],
  },
  {
    code: "1.012753",
    name: "Đăng ký, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất lần đầu",
    field: "Đất đai",
    limitDays: 30,
    weight: 3,
    handledBy: ["land"],
    lateRate: 0.08,
    burden: 0.03,
  },
  {
    code: "1.004227",
    name: "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất do chuyển nhượng, tặng cho, thừa kế",
    field: "Đất đai",
    limitDays: 10,
    weight: 10,
    handledBy: ["land", "center"],
    lateRate: 0.05,
    burden: 0.025,
  },
  {
    code: "1.004203",
    name: "Tách thửa hoặc hợp thửa đất",
    field: "Đất đai",
    limitDays: 15,
    weight: 4,
    handledBy: ["land"],
    lateRate: 0.06,
    burden: 0.03,
  },
  {
    code: "1.003003",
    name: "Chuyển mục đích sử dụng đất phải được phép của cơ quan nhà nước có thẩm quyền",
    field: "Đất đai",
    limitDays: 15,
    weight: 2.5,
    handledBy: ["land"],
    lateRate: 0.07,
    burden: 0.04,
  },
  {
    code: "1.013225",
    name: "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
    field: "Xây dựng",
    limitDays: 15,
    weight: 5,
    handledBy: ["construction"],
    lateRate: 0.05,
    burden: 0.02,
  },
  {
    code: "1.013227",
    name: "Gia hạn giấy phép xây dựng",
    field: "Xây dựng",
    limitDays: 5,
    weight: 0.8,
    handledBy: ["construction"],
  },
  {
    code: "1.001612",
    name: "Đăng ký thành lập hộ kinh doanh",
    field: "Thành lập và hoạt động của hộ kinh doanh",
    limitDays: 3,
    weight: 6,
    handledBy: ["finance", "center"],
  },
  {
    code: "2.000720",
    name: "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
    field: "Thành lập và hoạt động của hộ kinh doanh",
    limitDays: 3,
    weight: 3,
    handledBy: ["finance", "center"],
  },
  {
    code: "1.001570",
    name: "Tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn đã thông báo của hộ kinh doanh",
    field: "Thành lập và hoạt động của hộ kinh doanh",
    limitDays: 3,
    weight: 1.2,
    handledBy: ["finance"],
  },
  {
    code: "1.001266",
    name: "Chấm dứt hoạt động hộ kinh doanh",
    field: "Thành lập và hoạt động của hộ kinh doanh",
    limitDays: 3,
    weight: 1.5,
    handledBy: ["finance"],
  },
  {
    code: "1.001776",
    name: "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hằng tháng, hỗ trợ kinh phí chăm sóc, nuôi dưỡng hằng tháng",
    field: "Bảo trợ xã hội",
    limitDays: 20,
    weight: 3,
    handledBy: ["labour"],
    lateRate: 0.03,
  },
  {
    code: "1.001731",
    name: "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội",
    field: "Bảo trợ xã hội",
    limitDays: 6,
    weight: 1.5,
    handledBy: ["labour"],
  },
  {
    code: "1.001699",
    name: "Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật",
    field: "Bảo trợ xã hội",
    limitDays: 25,
    weight: 1,
    handledBy: ["commune"],
    lateRate: 0.03,
  },
  {
    code: "1.001653",
    name: "Đổi, cấp lại Giấy xác nhận khuyết tật",
    field: "Bảo trợ xã hội",
    limitDays: 5,
    weight: 0.3,
    handledBy: ["commune"],
  },
  {
    code: "1.010803",
    name: "Giải quyết chế độ trợ cấp thờ cúng liệt sĩ",
    field: "Người có công",
    limitDays: 12,
    weight: 1.5,
    handledBy: ["labour"],
  },
  {
    code: "2.002307",
    name: "Giải quyết chế độ mai táng phí đối với cựu chiến binh",
    field: "Người có công",
    limitDays: 5,
    weight: 0.8,
    handledBy: ["labour"],
  },
  {
    code: "1.011607",
    name: "Công nhận hộ nghèo, hộ cận nghèo thường xuyên hằng năm",
    field: "Giảm nghèo",
    limitDays: 10,
    weight: 0.8,
    handledBy: ["commune"],
  },
  {
    code: "3.000182",
    name: "Xét tuyển sinh vào trường trung học cơ sở",
    field: "Giáo dục và Đào tạo",
    limitDays: 10,
    weight: 3,
    handledBy: ["education"],
  },
  {
    code: "1.005083",
    name: "Chuyển trường đối với học sinh trung học cơ sở",
    field: "Giáo dục và Đào tạo",
    limitDays: 3,
    weight: 2,
    handledBy: ["education"],
  },
  {
    code: "2.002894",
    name: "Cho phép trường mầm non hoạt động giáo dục",
    field: "Giáo dục và Đào tạo",
    limitDays: 20,
    weight: 0.1,
    handledBy: ["education"],
  },
];

/** Desk officers, in the order desks are staffed. */
export const OFFICER_NAMES = [
  "Nguyễn Thị Hoa",
  "Trần Văn Hùng",
  "Lê Thị Thu Trang",
  "Phạm Minh Tuấn",
  "Hoàng Thị Lan",
  "Vũ Đức Thắng",
  "Đỗ Thị Hương",
  "Bùi Văn Nam",
  "Ngô Thị Mai",
  "Dương Văn Long",
  "Đặng Thị Ngọc Anh",
  "Lý Văn Toàn",
  "Trịnh Thị Hằng",
  "Hà Văn Quân",
  "Lương Thị Thảo",
  "Nông Văn Sơn",
  "Ma Thị Yến",
  "Đinh Công Thành",
  "Triệu Thị Huyền",
  "Chu Văn Khánh",
  "Mai Thị Phương",
  "Tạ Quang Huy",
  "Lâm Thị Nga",
  "Phan Văn Đạt",
  "Cao Thị Vân",
  "Hồ Sỹ Dũng",
  "Nguyễn Văn Bình",
  "Trần Thị Thúy",
  "Lê Văn Cường",
  "Phạm Thị Liên",
  "Hoàng Văn Tiến",
  "Vũ Thị Hạnh",
  "Đỗ Văn Hải",
  "Bùi Thị Nhung",
  "Ngô Quang Vinh",
  "Dương Thị Loan",
  "Nguyễn Thị Minh Châu",
  "Trần Đức Mạnh",
  "Lê Thị Hồng",
  "Phạm Văn Kiên",
];

/** Desk officers whose account gets a name one can remember at a demo (desk 1 of the agency). */
export const FEATURED_OFFICERS: Record<string, { username: string }> = {
  "TN-PB-MC": { username: "congchuc.motcua" },
  "TN-PB-XKS": { username: "congchuc.khason" },
};

/**
 * Standing QR codes on display at the first counter of a few one-stop desks (`/q/<code>`), with
 * the number of demo-year responses that came through each: unverified, kept out of the figures.
 */
export const STANDING_CODES: { code: string; agencyCode: string; label: string; responses: number }[] = [
  { code: "PB-MOTCUA", agencyCode: "TN-PB-MC", label: "Bộ phận Một cửa huyện Phú Bình", responses: 100 },
  { code: "PB-HUONGSON", agencyCode: "TN-PB-TTHS", label: "Bộ phận Một cửa thị trấn Hương Sơn", responses: 50 },
  { code: "PB-KHASON", agencyCode: "TN-PB-XKS", label: "Bộ phận Một cửa xã Kha Sơn", responses: 30 },
];

/** Comments from citizens who were satisfied throughout. */
export const PRAISE_COMMENTS = [
  "Cán bộ hướng dẫn tận tình, chu đáo.",
  "Thủ tục nhanh gọn, trả kết quả đúng hẹn.",
  "Cảm ơn cán bộ bộ phận một cửa đã hỗ trợ nhiệt tình.",
  "Nơi tiếp đón sạch sẽ, có nước uống cho người dân.",
  "Chứng thực rất nhanh, chỉ chờ khoảng mười phút.",
  "Cán bộ lịch sự, giải thích dễ hiểu.",
  "Rất hài lòng, mong tiếp tục phát huy.",
  "Được nhắn tin báo khi có kết quả, rất tiện.",
];

/** Suggestions left by satisfied citizens. */
export const SUGGESTION_COMMENTS = [
  "Nên có thêm hướng dẫn nộp hồ sơ trực tuyến cho người cao tuổi.",
  "Đề nghị niêm yết phí, lệ phí to và rõ hơn.",
  "Mong có thêm chỗ để xe cho người dân.",
  "Nên làm việc cả sáng thứ Bảy để người đi làm đỡ phải xin nghỉ.",
];

/** Complaints, by the element the citizen was dissatisfied with. */
export const COMPLAINT_COMMENTS: Record<string, string[]> = {
  access: [
    "Phòng chờ chật, ngày đông người không có chỗ ngồi.",
    "Khó tìm chỗ nộp hồ sơ, không có biển chỉ dẫn.",
    "Máy lấy số thứ tự hay bị hỏng.",
  ],
  procedure: [
    "Phải bổ sung giấy tờ nhiều lần vì lần đầu hướng dẫn không đầy đủ.",
    "Thủ tục đất đai còn rườm rà, phải đi lại nhiều lần.",
    "Vẫn yêu cầu nộp bản sao giấy tờ đã có trên hệ thống.",
  ],
  officials: [
    "Cán bộ trả lời cộc lốc, chưa nhiệt tình.",
    "Phải chờ lâu vì cán bộ vắng mặt tại quầy.",
    "Có cán bộ dùng điện thoại khi đang tiếp dân.",
  ],
  result: [
    "Trả kết quả chậm so với giấy hẹn, không có thư xin lỗi.",
    "Kết quả bị sai thông tin, phải làm lại.",
    "Giấy hẹn ghi một ngày nhưng đến lấy lại phải chờ thêm.",
  ],
  feedback: [
    "Đã phản ánh qua đường dây nóng nhưng chưa thấy trả lời.",
    "Hòm thư góp ý không thấy ai mở.",
  ],
};

/**
 * What a handler answers, by the element the citizen was least satisfied with ("comment" for a
 * case opened by a comment alone). Written as an agency replies, with no personal detail: the
 * reply is shown on the citizen's status page and mailed to them.
 */
export const CASE_REPLIES: Record<string, string[]> = {
  access: [
    "Cảm ơn Ông/Bà đã góp ý. Đơn vị đã bố trí thêm ghế chờ và biển chỉ dẫn tại khu vực tiếp nhận hồ sơ; máy lấy số thứ tự đã được sửa chữa và kiểm tra hằng ngày.",
    "Đơn vị ghi nhận phản ánh về điều kiện phòng chờ. Từ tháng này, vào các ngày đông người, bộ phận một cửa mở thêm một quầy tiếp nhận và hướng dẫn công dân ngay tại cửa.",
  ],
  procedure: [
    "Đơn vị đã rà soát việc hướng dẫn hồ sơ: từ nay cán bộ tiếp nhận hướng dẫn một lần, đầy đủ bằng phiếu hướng dẫn, không yêu cầu nộp lại giấy tờ đã có trên hệ thống. Xin cảm ơn Ông/Bà đã góp ý.",
    "Ý kiến của Ông/Bà về thủ tục đã được chuyển đến bộ phận chuyên môn. Đơn vị đã niêm yết lại danh mục giấy tờ cần nộp và sẽ kiến nghị cấp trên đơn giản hóa thủ tục.",
  ],
  officials: [
    "Đơn vị xin lỗi Ông/Bà về thái độ phục vụ chưa tốt. Lãnh đạo đã làm việc với cán bộ liên quan, yêu cầu rút kinh nghiệm và chấp hành đúng quy tắc ứng xử khi tiếp công dân.",
    "Đơn vị đã kiểm tra phản ánh và nhắc nhở cán bộ về việc có mặt tại quầy đúng giờ làm việc; lịch trực quầy được niêm yết công khai. Cảm ơn Ông/Bà đã giúp chúng tôi phục vụ tốt hơn.",
  ],
  result: [
    "Đơn vị xin lỗi vì hồ sơ của Ông/Bà được trả chậm so với giấy hẹn. Nguyên nhân đã được làm rõ và bộ phận liên quan đã rút kinh nghiệm; từ nay hồ sơ trễ hẹn đều có thư xin lỗi và hẹn lại.",
    "Thông tin sai sót trên kết quả đã được đính chính; Ông/Bà có thể nhận lại kết quả tại bộ phận một cửa mà không phải nộp thêm giấy tờ hay lệ phí.",
  ],
  feedback: [
    "Đơn vị xin lỗi vì phản ánh trước đây của Ông/Bà chưa được trả lời kịp thời. Hòm thư góp ý và đường dây nóng nay được một cán bộ theo dõi hằng ngày và trả lời trong thời hạn quy định.",
  ],
  comment: [
    "Cảm ơn Ông/Bà đã góp ý. Đơn vị đã ghi nhận và sẽ đưa nội dung này vào kế hoạch cải thiện chất lượng phục vụ trong thời gian tới.",
  ],
};

/** Internal notes between handlers: staff only, never shown to the citizen. */
export const CASE_NOTES = [
  "Đã xác minh với cán bộ tiếp nhận và xem lại sổ theo dõi hồ sơ.",
  "Đã báo cáo lãnh đạo, thống nhất hướng trả lời.",
  "Đã kiểm tra camera khu vực một cửa trong khung giờ công dân phản ánh.",
  "Cán bộ liên quan đã có bản tường trình.",
];

/** What a handler records after calling the citizen back. */
export const CALL_NOTES = [
  "Đã gọi lại, công dân đồng ý với hướng giải quyết.",
  "Đã gọi lại và giải thích; công dân ghi nhận.",
  "Gọi lần đầu không liên lạc được; gọi lại buổi chiều, đã trao đổi xong.",
];

/** Why a case was forwarded: the matter belongs to the competent unit. */
export const FORWARD_NOTES: Record<"center" | "department", string[]> = {
  center: [
    "Chuyển Bộ phận Một cửa huyện vì hồ sơ liên thông do huyện trả kết quả.",
    "Nội dung liên quan đến khâu tiếp nhận, trả kết quả liên thông tại Bộ phận Một cửa huyện.",
  ],
  department: [
    "Nội dung phản ánh thuộc thẩm quyền giải quyết của phòng chuyên môn cấp huyện.",
    "Chuyển phòng chuyên môn thụ lý hồ sơ để trả lời công dân theo thẩm quyền.",
  ],
};
