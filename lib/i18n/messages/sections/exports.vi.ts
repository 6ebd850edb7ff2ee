// Vietnamese texts of the exports (decision 018); exports.en.ts has the same shape.
export const exportsVi = {
  sheetFigures: "Số liệu",
  sheetResponses: "Phiếu ẩn danh",
  sheetNote: "Ghi chú",
  periodFrom: "Từ ngày",
  periodTo: "Đến ngày",
  date: "Ngày (giờ Việt Nam)",
  merged: "Mức gộp",
  mergeLevels: ["theo ngày", "gộp theo tháng", "gộp theo tháng, bỏ thủ tục và kênh"] as [string, string, string],
  noteTitle: "Cách ẩn danh",
  noteRule:
    "Mỗi dòng chỉ ghi ngày, không ghi giờ. Một nhóm dòng cùng đơn vị, thủ tục, kênh, trạng thái xác thực và ngày chỉ được ghi theo ngày khi có ít nhất {k} phiếu; nhóm nhỏ hơn được gộp theo tháng, rồi theo đơn vị và tháng (bỏ thủ tục, kênh và trạng thái xác thực); nhóm vẫn dưới {k} phiếu được lược bỏ. Các dòng được xếp theo các cột đó và câu trả lời, không theo thời gian.",
  noteCounts: "Ghi theo ngày: {day} phiếu; gộp theo tháng: {month}; gộp theo đơn vị và tháng: {agency}; lược bỏ: {suppressed}.",
  noteComments: "Ý kiến khác (văn bản tự do) không có trong tệp: người dân có thể viết tên, số điện thoại hay mã hồ sơ. Xem ý kiến ở trang Ý kiến.",
};
