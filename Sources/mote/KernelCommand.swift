import ArgumentParser
import Dispatch
import Foundation
import JupyterWire
import KernelCore
import Logging
import ZeroMQTransport

/// `mote kernel --connection-file F`: what Jupyter starts.
struct KernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel", abstract: "Run the Jupyter kernel (Jupyter starts this for you).")

    @Option(name: .customLong("connection-file"), help: "The connection file Jupyter wrote.")
    var connectionFile: String

    @OptionGroup var sandbox: SandboxOptions

    func run() throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        let logger = Logger(label: "mote")
        // A connection file Mote cannot honour ends the kernel at once with the reason, rather
        // than serving with weaker protection than the client asked for.
        let connection = try ConnectionInfo(contentsOf: URL(fileURLWithPath: connectionFile))
        let curve = try connection.curveKeys()
        if connection.key.isEmpty {
            // The spec's unsigned mode: said once here, since every message would repeat it.
            logger.warning("the connection file's key is empty: messages are neither signed nor checked (unsigned mode)")
        }
        let transport = try ZeroMQTransport(connection: connection, curve: curve)
        if curve != nil { logger.info("every socket is a CurveZMQ server: traffic is encrypted") }
        let language = MoteLanguageKernel(session: try sandbox.session(in: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)))
        let kernel = Kernel(language: language, transport: transport, key: connection.key, logger: logger)

        // Jupyter interrupts by message (kernel.json says so), but a terminal or an older
        // client may still send SIGINT: it must stop the cell, not the kernel.
        signal(SIGINT, SIG_IGN)
        let interrupts = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        interrupts.setEventHandler { language.interrupt() }
        interrupts.resume()

        // A cell stuck in work that does not check for interrupts must not keep a shut-down
        // kernel alive: after the shutdown reply, give it two seconds.
        Thread.detachNewThread {
            kernel.waitUntilStopping()
            Thread.sleep(forTimeInterval: 2)
            logger.warning("the running cell did not stop after shutdown; exiting")
            Foundation.exit(0)
        }

        kernel.serve()
        transport.close()
    }
}
