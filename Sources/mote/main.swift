print("mote: work in progress")
