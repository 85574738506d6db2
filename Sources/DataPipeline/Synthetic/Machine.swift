import TensorEngine

/// The faults that make a vibration window anomalous.
enum MachineFault: CaseIterable {
    case bearing, imbalance, looseness
}

/// One healthy machine's vibration signature, drawn per window.
struct Machine {
    let speed: Double
    /// Amplitudes (g) of the 1×, 2× and 3× components, and their phases.
    let harmonics: [Double]
    let phases: [Double]
    let resonance: Double
    let noise: Double

    init(using generator: inout SeededGenerator) {
        speed = generator.uniform(22, 28)
        harmonics = [generator.uniform(0.35, 0.65), generator.uniform(0.08, 0.2), generator.uniform(0.02, 0.08)]
        phases = (0..<12).map { _ in generator.uniform(0, 2 * Double.pi) }
        resonance = generator.uniform(160, 200)
        noise = generator.uniform(0.03, 0.08)
    }

    /// `steps` readings of `x y z`, interleaved.
    func record(steps: Int, rate: Double, fault: MachineFault?, using generator: inout SeededGenerator) -> [Float] {
        let severity = generator.uniform(0.2, 1)
        var harmonics = self.harmonics
        var radialGain = 1.0
        var halfOrder = 0.0
        var clip = Double.infinity
        var impulses = (period: 0.0, resonance: 0.0, decay: 0.0, amplitude: 0.0)
        switch fault {
        case nil: break
        case .imbalance: radialGain = 1 + 1.6 * severity
        case .looseness:
            harmonics += (4...10).map { 0.12 * severity / Double($0).squareRoot() }
            halfOrder = 0.15 * severity
            clip = harmonics[0] * generator.uniform(0.6, 0.9)
        case .bearing:
            impulses = (1 / (3.58 * speed * generator.uniform(0.99, 1.01)), generator.uniform(250, 400),
                        generator.uniform(0.003, 0.008), 0.8 * severity)
        }
        var structure = (0..<3).map { _ in Resonator(frequency: resonance, bandwidth: 25, rate: rate) }
        var output = [Float]()
        output.reserveCapacity(steps * 3)
        let axisGain = [1.0, 0.8, 0.3]
        let impulseStart = generator.uniform(0, max(impulses.period, 1e-9))
        for step in 0..<steps {
            let time = Double(step) / rate
            var ringing = 0.0
            if impulses.period > 0 {
                // The latest impact so far and its decaying ring.
                let since = (time - impulseStart).truncatingRemainder(dividingBy: impulses.period)
                let age = since < 0 ? since + impulses.period : since
                ringing = impulses.amplitude * SynthesisMath.exp(-age / impulses.decay)
                    * SynthesisMath.sin(2 * Double.pi * impulses.resonance * age)
            }
            for axis in 0..<3 {
                // Radial axes are 90° apart (an elliptical orbit); the axial one is in phase with x.
                let shift = axis == 1 ? Double.pi / 2 : 0
                var value = 0.0
                for (order, amplitude) in harmonics.enumerated() {
                    let gain = order == 0 && axis < 2 ? radialGain : 1
                    value += gain * amplitude * SynthesisMath.sin(2 * Double.pi * Double(order + 1) * speed * time
                                                               + phases[order % phases.count] + shift)
                }
                value += halfOrder * SynthesisMath.sin(Double.pi * speed * time + phases[11])
                if axis == 1 { value = min(value, clip) }
                value *= axisGain[axis]
                value += 0.04 * SynthesisMath.sin(2 * Double.pi * 100 * time + phases[10])
                value += structure[axis](Double(generator.nextNormal()) * 2)
                value += (axis < 2 ? 1 : 0.4) * ringing
                value += noise * Double(generator.nextNormal())
                output.append(Float(value))
            }
        }
        return output
    }
}
