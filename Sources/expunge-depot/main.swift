import DepotCommands

await ExpungeDepot.execute()
