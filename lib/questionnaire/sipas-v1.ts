import type { QuestionInput } from "@/db/queries/questionnaires";

/** The five SIPAS elements of the public-service part, in report order. */
export const ELEMENTS = ["access", "procedure", "officials", "result", "feedback"] as const;
export type Element = (typeof ELEMENTS)[number];

export type QuestionDefinition = QuestionInput;

export const SIPAS_QUESTIONNAIRE = {
  code: "sipas-short",
  name: "Khảo sát sự hài lòng (theo phương pháp SIPAS – phần dịch vụ hành chính công)",
  nameEn: "Satisfaction survey (SIPAS method – public administrative services part)",
} as const;

// Bounded so that a comment fits one printed page of the report and cannot be used to flood it.
export const MAX_COMMENT = 2000;

/** Version 1 of the short form (domain.md §3). Loaded as data; never read by the figures. */
export const SIPAS_V1: QuestionDefinition[] = [
  {
    key: "S1",
    element: "access",
    kind: "scale",
    scale: 5,
    required: true,
    textVi:
      "Ông/Bà hài lòng thế nào về việc tiếp cận dịch vụ (nơi tiếp nhận dễ tìm, chỗ ngồi chờ, trang thiết bị)?",
    textEn: "How satisfied are you with access to the service (easy to find, waiting area, equipment)?",
  },
  {
    key: "S2",
    element: "procedure",
    kind: "scale",
    scale: 5,
    required: true,
    textVi:
      "Ông/Bà hài lòng thế nào về thủ tục hành chính (được công khai đầy đủ, hồ sơ và phí đúng quy định, thời hạn hợp lý)?",
    textEn:
      "How satisfied are you with the procedure (published, documents and fees as regulated, reasonable time)?",
  },
  {
    key: "S3",
    element: "officials",
    kind: "scale",
    scale: 5,
    required: true,
    textVi:
      "Ông/Bà hài lòng thế nào về sự phục vụ của công chức (lịch sự, lắng nghe, hướng dẫn tận tình, không gây phiền hà)?",
    textEn: "How satisfied are you with the officials (polite, listening, helpful, no harassment)?",
  },
  {
    key: "S4",
    element: "result",
    kind: "scale",
    scale: 5,
    required: true,
    textVi: "Ông/Bà hài lòng thế nào về kết quả giải quyết (đúng hạn, đầy đủ, chính xác)?",
    textEn: "How satisfied are you with the result (on time, complete, correct)?",
  },
  {
    key: "S5",
    element: "feedback",
    kind: "scale",
    scale: 5,
    required: true,
    // Most citizens never complained: "not applicable" must be offered (domain §3).
    allowNotApplicable: true,
    textVi: "Ông/Bà hài lòng thế nào về việc tiếp nhận, xử lý góp ý, phản ánh, kiến nghị?",
    textEn: "How satisfied are you with how feedback and complaints are handled?",
  },
  {
    key: "S0",
    element: "overall",
    kind: "scale",
    scale: 5,
    required: false,
    textVi: "Nhìn chung, Ông/Bà hài lòng thế nào về sự phục vụ của cơ quan?",
    textEn: "Overall, how satisfied are you with the agency's service?",
  },
  {
    key: "E",
    element: "expectations",
    kind: "multi",
    required: false,
    textVi: "Ông/Bà mong cơ quan cải thiện điều gì?",
    textEn: "Which improvements do you expect?",
    options: [
      { key: "attitude", vi: "Thái độ phục vụ", en: "Attitude of service" },
      { key: "competence", vi: "Năng lực công chức", en: "Competence of officials" },
      { key: "faster", vi: "Rút ngắn thời gian", en: "Shorter processing time" },
      { key: "simpler", vi: "Đơn giản hoá thủ tục", en: "Simpler procedures" },
      { key: "transparency", vi: "Công khai minh bạch", en: "Openness and transparency" },
      { key: "complaints", vi: "Xử lý phản ánh", en: "Handling of complaints" },
      { key: "facilities", vi: "Cơ sở vật chất", en: "Facilities" },
      { key: "online", vi: "Dịch vụ trực tuyến", en: "Online services" },
    ],
  },
  {
    key: "C",
    element: "comment",
    kind: "text",
    required: false,
    maxLength: MAX_COMMENT,
    textVi: "Ý kiến khác",
    textEn: "Other comments",
  },
];

/** The 5-level answer scale; "not applicable" is stored as no answer. */
export const SCALE_LABELS: Record<number, { vi: string; en: string }> = {
  1: { vi: "Rất không hài lòng", en: "Very dissatisfied" },
  2: { vi: "Không hài lòng", en: "Dissatisfied" },
  3: { vi: "Bình thường", en: "Neutral" },
  4: { vi: "Hài lòng", en: "Satisfied" },
  5: { vi: "Rất hài lòng", en: "Very satisfied" },
};
