// Vietnamese texts of sign-in limits; signIn.en.ts has the same shape.
export const signInVi = {
  throttled: "Bạn đã nhập sai quá nhiều lần. Vui lòng thử lại sau {minutes} phút.",
  counters: {
    title: "Đăng nhập sai",
    intro:
      "Sau {clientFailures} lần nhập sai mật khẩu trong {minutes} phút từ một máy, máy đó bị tạm chặn đăng nhập tài khoản này trong {minutes} phút; sau {accountFailures} lần sai từ mọi nơi trong 24 giờ, mỗi lần thử tiếp từ một máy phải chờ lâu dần (tối đa {maxWait} phút). Đăng nhập đúng từ máy khác vẫn được ngay.",
    accountFailures: "Số lần sai trong 24 giờ qua",
    heldClients: "Số máy đang bị tạm chặn",
    lastFailure: "Lần sai gần nhất",
    none: "Không có",
    clear: "Xoá bộ đếm đăng nhập sai",
    cleared: "Đã xoá bộ đếm đăng nhập sai ({count} bản ghi).",
  },
};
