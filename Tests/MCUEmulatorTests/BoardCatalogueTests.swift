import Testing
@testable import MCUEmulator

@Suite struct BoardCatalogueTests {
    @Test func catalogueHasTheIssuesBoards() {
        let names = Board.catalogue.map(\.name)
        #expect(names == ["nano33ble", "pico", "esp32", "nucleo_l4r5zi", "stm32f746", "uno",
                          "xiao_esp32s3", "portenta_h7", "esp32s3", "pico2"])
        #expect(Set(names).count == names.count)
    }

    @Test func languageReferenceFiguresHold() throws {
        let kilobyte = 1024
        let nano = try #require(Board.named("nano33ble"))
        #expect(nano.mcu == "nRF52840" && nano.core == .cortexM4 && nano.clock == 64e6)
        #expect(nano.sram == 256 * kilobyte && nano.flash == 1024 * kilobyte && nano.kernelLibrary == .cmsisNN)
        let pico = try #require(Board.named("pico"))
        #expect(pico.core == .cortexM0Plus && pico.clock == 133e6 && pico.sram == 264 * kilobyte && pico.flash == 2048 * kilobyte)
        let esp32 = try #require(Board.named("esp32"))
        #expect(esp32.core == .xtensaLX6 && esp32.clock == 240e6 && esp32.sram == 520 * kilobyte && esp32.kernelLibrary == .espNN)
        let nucleo = try #require(Board.named("nucleo_l4r5zi"))
        #expect(nucleo.clock == 120e6 && nucleo.sram == 640 * kilobyte && nucleo.flashWaitStates == 5)
        let f746 = try #require(Board.named("stm32f746"))
        #expect(f746.core == .cortexM7 && f746.clock == 216e6 && f746.sram == 320 * kilobyte && f746.flash == 1024 * kilobyte)
        let uno = try #require(Board.named("uno"))
        #expect(uno.core == .avr && uno.clock == 16e6 && uno.sram == 2 * kilobyte && uno.flash == 32 * kilobyte)
        #expect(uno.kernelLibrary == .reference)
        #expect(Board.named("nano33") == nil)
    }

    @Test func everyBoardHasPhysicalNumbers() {
        for board in Board.catalogue {
            #expect(board.clock > 1e6 && board.sram > 0 && board.flash > board.sram / 2, "\(board.name)")
            #expect(board.activeCurrent > board.sleepCurrent && board.sleepCurrent > 0, "\(board.name)")
            #expect(board.supplyVoltage >= 1.8 && board.supplyVoltage <= 5, "\(board.name)")
        }
    }

    @Test func cr2032LifeFollowsTheDutyCycle() {
        let battery = Battery.cr2032
        // Asleep all the time at 1 mA: 225 hours.
        #expect(abs(battery.life(activeCurrent: 10e-3, sleepCurrent: 1e-3, latency: 0) - 225 * 3600) < 1e-6)
        // Busy longer than the period: always active.
        #expect(abs(battery.life(activeCurrent: 10e-3, sleepCurrent: 1e-3, latency: 2) - 22.5 * 3600) < 1e-6)
        // Half the time at 10 mA, half at 0: 5 mA average, 45 hours.
        #expect(abs(battery.life(activeCurrent: 10e-3, sleepCurrent: 0, latency: 0.5) - 45 * 3600) < 1e-6)
    }
}
