AddHook(HookStage.Poststart, "/bin/true"
