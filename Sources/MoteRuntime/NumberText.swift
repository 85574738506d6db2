import Foundation

/// How Mote writes a number (`LANGUAGE.md` §2): whole numbers in full without `.0` (`3`,
/// `1000000`), others with up to 6 significant digits in `%g` style (`0.333333`, `1.41421e+06`,
/// `1e-07`), and `nan`, `inf`, `-inf`. Whole numbers of 10^15 or more use `%g` too, since a
/// double no longer holds every digit there. Tensor elements follow `Tensor.formatNumber`,
/// which agrees for every value below 10^6.
enum NumberText {
    static func string(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == value.rounded(), abs(value) < 1e15 {
            return value == 0 ? "0" : String(Int64(value))
        }
        return String(format: "%.6g", value)
    }
}
