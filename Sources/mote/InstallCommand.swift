import ArgumentParser
import Foundation
import JSONValues
import RichDisplay

/// `mote install`: writes the `mote` kernelspec (kernel.json and two logos) where Jupyter looks.
/// Needs no Jupyter to run.
struct InstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install the Mote kernelspec so Jupyter can start Mote.",
        discussion: """
            Without options the kernelspec goes to the system-wide directory \
            (/usr/local/share/jupyter/kernels/mote). --user installs for the current user only; \
            --prefix installs into a Python environment (e.g. --prefix .venv).
            """)

    @Flag(help: "Install for the current user (~/.local/share/jupyter/kernels).")
    var user = false

    @Option(help: "Install under PREFIX/share/jupyter/kernels (a virtual environment's prefix).")
    var prefix: String?

    @Option(help: "Write the kernelspec files into exactly this directory.")
    var destination: String?

    func validate() throws {
        if [user, prefix != nil, destination != nil].filter({ $0 }).count > 1 {
            throw ValidationError("choose one of --user, --prefix and --destination")
        }
    }

    func run() throws {
        let directory = kernelspecDirectory()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let kernelJSON = KernelSpec.json(executable: try Self.executablePath())
        try AtomicFile.write(Data((kernelJSON.pythonStyleText(indent: 2) + "\n").utf8),
                             to: directory.appendingPathComponent("kernel.json"))
        for size in [32, 64] {
            try AtomicFile.write(try Logo.png(size: size), to: directory.appendingPathComponent("logo-\(size)x\(size).png"))
        }
        print("Installed the Mote kernelspec in \(directory.path)")
    }

    private func kernelspecDirectory() -> URL {
        if let destination { return URL(fileURLWithPath: destination) }
        let base: URL
        if let prefix {
            base = URL(fileURLWithPath: prefix).appendingPathComponent("share/jupyter")
        } else if user {
            let environment = ProcessInfo.processInfo.environment
            if let dataDir = environment["JUPYTER_DATA_DIR"] {
                base = URL(fileURLWithPath: dataDir)
            } else if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
                base = URL(fileURLWithPath: xdg).appendingPathComponent("jupyter")
            } else {
                base = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/share/jupyter")
            }
        } else {
            base = URL(fileURLWithPath: "/usr/local/share/jupyter")
        }
        return base.appendingPathComponent("kernels/mote")
    }

    /// The absolute path of the running `mote` binary, so kernel.json works without PATH.
    static func executablePath() throws -> String {
        let link = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        guard let path = link ?? Bundle.main.executablePath else {
            throw ValidationError("cannot tell where the mote binary is")
        }
        return URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }
}

/// The kernelspec's kernel.json.
enum KernelSpec {
    static func json(executable: String) -> JSON {
        [
            "argv": [.string(executable), "kernel", "--connection-file", "{connection_file}"],
            "display_name": "Mote",
            "language": "mote",
            "interrupt_mode": "message",
            // jupyter_client provisions CurveZMQ keys only for kernels that declare they take them.
            "metadata": ["debugger": false, "supported_encryption": ["curve"]],
        ]
    }
}
