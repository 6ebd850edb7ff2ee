// Vietnamese texts of the default period, the public minimum and the comparison with the same
// period last year; publication.en.ts has the same shape.
export const publicationVi = {
  notEnough: "chưa đủ số phiếu để công bố",
  minimumNote: "Tỷ lệ tính từ dưới {minimum} phiếu (hoặc dưới {minimum} câu trả lời hợp lệ của một yếu tố) không được công bố và không được xếp hạng; số phiếu vẫn được nêu.",
  lastYear: "Cùng kỳ năm trước",
  changeLastYear: "So với cùng kỳ năm trước",
  /** The report's clause after the change against the previous period. */
  reportLastYearUp: "; so với cùng kỳ năm trước ({previous}), tăng {points} điểm %",
  reportLastYearDown: "; so với cùng kỳ năm trước ({previous}), giảm {points} điểm %",
  reportLastYearSame: "; so với cùng kỳ năm trước ({previous}), không đổi",
  reportNoLastYear: "; cùng kỳ năm trước chưa có số liệu để so sánh",
  settings: {
    title: "Kỳ mặc định và công bố",
    defaultPeriodKind: "Kỳ mở mặc định của các trang số liệu, báo cáo, tệp tải về và trang công khai",
    defaultPeriodHint: "Kỳ trọn vẹn gần nhất trước ngày hôm nay (giờ Việt Nam), để mọi đơn vị được so sánh trên cùng một kỳ.",
    kinds: { month: "Tháng trọn vẹn gần nhất", quarter: "Quý trọn vẹn gần nhất", reportingYear: "Năm báo cáo trọn vẹn gần nhất (01/12 – 30/11)" },
    publicMinimum: "Số phiếu tối thiểu để công bố một tỷ lệ trên trang công khai",
    publicMinimumHint: "Từ 1 đến 10.000. Dưới mức này, trang công khai ghi “chưa đủ số phiếu để công bố” thay cho tỷ lệ: tỷ lệ của một đơn vị tính theo số phiếu, của một yếu tố theo số câu trả lời hợp lệ.",
  },
};
