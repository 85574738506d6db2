/// A coin cell powering a board that wakes to run one inference at a fixed rate.
public struct Battery: Sendable, Hashable {
    /// Name, as in `CR2032`.
    public var name: String
    /// Capacity in ampere-hours.
    public var capacity: Double
    /// Nominal voltage in volts.
    public var voltage: Double

    /// Creates a battery.
    public init(name: String, capacity: Double, voltage: Double) {
        self.name = name
        self.capacity = capacity
        self.voltage = voltage
    }

    /// CR2032 lithium coin cell: 225 mAh nominal at 3 V (Panasonic CR2032 datasheet; Energizer's
    /// lists 235 mAh to 2.0 V).
    public static let cr2032 = Battery(name: "CR2032", capacity: 0.225, voltage: 3.0)

    /// Seconds the battery lasts when the board is active for `latency` seconds every `period`
    /// seconds and asleep otherwise; a board that cannot finish within the period is always active.
    /// Regulator losses and the cell's voltage sag are not modelled.
    public func life(activeCurrent: Double, sleepCurrent: Double, latency: Double, period: Double = 1) -> Double {
        let busy = min(latency / period, 1)
        let average = activeCurrent * busy + sleepCurrent * (1 - busy)
        guard average > 0 else { return .infinity }
        return capacity / average * 3600
    }
}
