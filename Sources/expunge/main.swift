import ExpungeCommands

await Expunge.execute()
