import Foundation

// RuntimeBenchmark: measures Lambda runtime clients against the local Runtime API server, side by side, and
// prints each figure with its ratio to the first runtime named (the C floor).
//
//   RuntimeBenchmark --runtime NAME=COMMAND [--binary NAME=PATH] [--env KEY=VALUE]
//                    [--invocations 2000] [--cold-starts 20] [--idle-seconds 3]

let options: BenchmarkOptions
do {
    options = try BenchmarkOptions(CommandLine.arguments.dropFirst())
} catch {
    FileHandle.standardError.write(Data("\(error)\nusage: RuntimeBenchmark --runtime NAME=COMMAND [--runtime …] [--binary NAME=PATH] [--env KEY=VALUE] [--invocations N] [--cold-starts N] [--idle-seconds S]\n".utf8))
    exit(2)
}

// Cold starts one by one and warm invocations in rounds, the runtimes taking turns in a rotating order, so that no
// runtime is favoured by going first or last (CPU frequency, caches, the other core's load, a build nearby).
let rounds = 8
let measurements = options.runtimes.map {
    RuntimeMeasurement(name: $0.name, command: $0.command, environment: options.environment)
}
var figures = [RuntimeFigures](repeating: RuntimeFigures(), count: measurements.count)
do {
    print("cold starts: \(measurements.map(\.name).joined(separator: ", ")), taking turns…")
    for start in 0..<options.coldStarts {
        for turn in 0..<measurements.count {
            let index = (turn + start) % measurements.count
            try measurements[index].coldStart(into: &figures[index])
        }
    }
    for (index, measurement) in measurements.enumerated() {
        if let path = options.binaries[measurement.name] {
            figures[index].binaryBytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue
        }
    }
    print("warm invocations and idle CPU…")
    var instances: [WarmInstance] = []
    for (index, measurement) in measurements.enumerated() {
        instances.append(try measurement.startWarm(idleSeconds: options.idleSeconds, into: &figures[index]))
    }
    for round in 0..<rounds {
        for turn in 0..<measurements.count {
            let index = (turn + round) % measurements.count
            try measurements[index].warmRound(instances[index], count: options.invocations / rounds, into: &figures[index])
        }
    }
    for (index, measurement) in measurements.enumerated() {
        measurement.finishWarm(instances[index], idleSeconds: options.idleSeconds, into: &figures[index])
    }
} catch {
    FileHandle.standardError.write(Data("benchmark failed: \(error)\n".utf8))
    exit(1)
}
let results = zip(measurements.map(\.name), figures).map { ($0, $1) }
print(Report(results: results, invocations: options.invocations, coldStarts: options.coldStarts, idleSeconds: options.idleSeconds).text)
