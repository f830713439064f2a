
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'gate' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'gate'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'gate' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if gate was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of looking for one')
            [CompletionResult]::new('--board', '--board', [CompletionResultType]::ParameterName, 'The tasks directory')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (each command accepts the ones its help lists)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every task file and commit afresh: neither the board cache nor the commit index')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Decide whether a task may move to a status [formats: human, json, sarif, junit, github, codequality]')
            [CompletionResult]::new('board', 'board', [CompletionResultType]::ParameterValue, 'Show each column''s count against its WIP limit [formats: human, json]')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List tasks [formats: human, json]')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one task''s parsed fields and findings [formats: human, json]')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Report every file''s problems; exit 1 on any error [formats: human, json, sarif, github, codequality]')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Explain a gate or finding code')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented gate.toml holding the configuration in effect')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the effective configuration and where each part came from [formats: human, json]')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Compliance report: WIP, P0 tasks, audit statistics, lint, score [formats: human, json, markdown, html]')
            [CompletionResult]::new('watch', 'watch', [CompletionResultType]::ParameterValue, 'Watch the board and print violations as they appear and clear [formats: human, json]')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Check or list the audit log')
            [CompletionResult]::new('move', 'move', [CompletionResultType]::ParameterValue, 'Check a move and, if allowed, rewrite the task''s status in place [formats: human, json]')
            [CompletionResult]::new('ci', 'ci', [CompletionResultType]::ParameterValue, 'Judge every status change in a range of commits [formats: human, json, sarif, junit, github, codequality]')
            [CompletionResult]::new('hook', 'hook', [CompletionResultType]::ParameterValue, 'Install or remove the commit-msg hook that runs `gate check --staged`')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff)')
            [CompletionResult]::new('mcp', 'mcp', [CompletionResultType]::ParameterValue, 'Serve gate''s commands to coding agents over MCP (stdio)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gate;check' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The status the task should move to')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Judge the move from this status instead of the task''s current one')
            [CompletionResult]::new('--message-file', '--message-file', [CompletionResultType]::ParameterName, 'With --staged: the message of the commit being made (the commit-msg hook passes it), so the commit itself counts as P0 evidence')
            [CompletionResult]::new('--proposed', '--proposed', [CompletionResultType]::ParameterName, 'Judge an edit of this task file before it is made: the change from the file as it is to the content of --content-file (standard input by default)')
            [CompletionResult]::new('--content-file', '--content-file', [CompletionResultType]::ParameterName, 'With --proposed: the proposed content (`-` for standard input); empty content removes the file')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why the override is needed')
            [CompletionResult]::new('--rev', '--rev', [CompletionResultType]::ParameterName, 'Read git evidence from this revision instead of HEAD')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if gate was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of looking for one')
            [CompletionResult]::new('--board', '--board', [CompletionResultType]::ParameterName, 'The tasks directory')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (each command accepts the ones its help lists)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('--staged', '--staged', [CompletionResultType]::ParameterName, 'Judge every task whose status differs between HEAD and the index, against the staged board')
            [CompletionResult]::new('--remove', '--remove', [CompletionResultType]::ParameterName, 'With --proposed: judge deleting the file')
            [CompletionResult]::new('--record', '--record', [CompletionResultType]::ParameterName, 'With --proposed: record the decisions in the audit log (by default a proposal records nothing)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Evaluate and report, but record nothing in the audit log')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Override failed gates (needs --reason unless `[overrides] require_reason = false`); recorded in the audit log')
            [CompletionResult]::new('--deny-warnings', '--deny-warnings', [CompletionResultType]::ParameterName, 'Treat warnings as failures')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every task file and commit afresh: neither the board cache nor the commit index')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gate;board' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if gate was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of looking for one')
            [CompletionResult]::new('--board', '--board', [CompletionResultType]::ParameterName, 'The tasks directory')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (each command accepts the ones its help lists)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every task file and commit afresh: neither the board cache nor the commit index')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gate;list' {
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only tasks in this status (repeatable)')
            [CompletionResult]::new('--priority', '--priority', [CompletionResultType]::ParameterName, 'Only tasks of this priority (repeatable)')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'Only tasks with this label (repeatable; all must match)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if gate was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of looking for one')
            [CompletionResult]::new('--board', '--board', [CompletionResultType]::ParameterName, 'The tasks directory')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (each command accepts the ones its help lists)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every task file and commit afresh: neither the board cache nor the commit index')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gate;show' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if gate was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of looking for one')
            [CompletionResult]::new('--board', '--board', [CompletionResultType]::ParameterName, 'The tasks directory')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (each command accepts the ones its help lists)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every task file and commit afresh: neither the board cache nor the commit index')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gate;lint' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if gate was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of looking for one')
            [CompletionResult]::new('--board', '--board', [CompletionResultType]::ParameterName, 'The tasks directory')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (each command accepts the ones its help lists)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every task file and commit afresh: neither the board cache nor the commit index')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gate;explain' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if gate was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of looking for one')
            [CompletionResult]::new('--board', '--board', [CompletionResultType]::ParameterName, 'The tasks directory')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (each command accepts the ones its help lists)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every task file and commit afresh: neither the board cache nor the commit index')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gate;init' {
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'Where to write the file')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'With --from-history: replay only the commits after this revision (default: all of HEAD''s first-parent history)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if gate was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of looking for one')
            [CompletionResult]::new('--board', '--board', [CompletionResultType]::ParameterName, 'The tasks directory')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (each command accepts the ones its help lists)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Write it even where a Promethean or board tool config already configures the board (with --from-history, only a Promethean config needs it)')
            [CompletionResult]::new('--from-history', '--from-history', [CompletionResultType]::ParameterName, 'Learn the workflow from the board''s git history: the moves this team makes, each with its count; rare ones left commented. Prints what `gate ci` over that history would have blocked, with the rules in effect now and with the written workflow')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every task file and commit afresh: neither the board cache nor the commit index')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gate;config' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if gate was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of looking for one')
            [CompletionResult]::new('--board', '--board', [CompletionResultType]::ParameterName, 'The tasks directory')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (each command accepts the ones its help lists)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('--validate', '--validate', [CompletionResultType]::ParameterName, 'Only check that the configuration is valid')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every task file and commit afresh: neither the board cache nor the commit index')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gate;report' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Audit statistics only from this time on: a date, an RFC 3339 time, or a duration back from now (`7d`, `24h`, `2w`)')
            [CompletionResult]::new('--no-limit-at', '--no-limit-at', [CompletionResultType]::ParameterName, 'In the HTML chart, a WIP limit of N or more means "no limit" (boards that write 9999 for none)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if gate was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of looking for one')
            [CompletionResult]::new('--board', '--board', [CompletionResultType]::ParameterName, 'The tasks directory')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (each command accepts the ones its help lists)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every task file and commit afresh: neither the board cache nor the commit index')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gate;watch' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if gate was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of looking for one')
            [CompletionResult]::new('--board', '--board', [CompletionResultType]::ParameterName, 'The tasks directory')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (each command accepts the ones its help lists)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('--once', '--once', [CompletionResultType]::ParameterName, 'Evaluate once, print the current violations, and exit')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every task file and commit afresh: neither the board cache nor the commit index')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gate;audit' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if gate was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of looking for one')
            [CompletionResult]::new('--board', '--board', [CompletionResultType]::ParameterName, 'The tasks directory')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (each command accepts the ones its help lists)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every task file and commit afresh: neither the board cache nor the commit index')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the hash chain; exit 1 at the first record edited, removed, inserted or reordered [formats: human, json]')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'List audit records [formats: human, json]')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gate;audit;verify' {
            [CompletionResult]::new('--anchor', '--anchor', [CompletionResultType]::ParameterName, 'A hash known to have been the log''s head earlier: it must still be in the chain')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if gate was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of looking for one')
            [CompletionResult]::new('--board', '--board', [CompletionResultType]::ParameterName, 'The tasks directory')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (each command accepts the ones its help lists)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every task file and commit afresh: neither the board cache nor the commit index')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gate;audit;log' {
            [CompletionResult]::new('--task', '--task', [CompletionResultType]::ParameterName, 'Only records of this task (id, id prefix, or part of the title)')
            [CompletionResult]::new('--outcome', '--outcome', [CompletionResultType]::ParameterName, 'Only records with this outcome (allowed, blocked, overridden, error)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only records from this time on: a date, an RFC 3339 time, or a duration (`7d`)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if gate was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of looking for one')
            [CompletionResult]::new('--board', '--board', [CompletionResultType]::ParameterName, 'The tasks directory')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (each command accepts the ones its help lists)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every task file and commit afresh: neither the board cache nor the commit index')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gate;audit;help' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the hash chain; exit 1 at the first record edited, removed, inserted or reordered [formats: human, json]')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'List audit records [formats: human, json]')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gate;audit;help;verify' {
            break
        }
        'gate;audit;help;log' {
            break
        }
        'gate;audit;help;help' {
            break
        }
        'gate;move' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The status the task should move to')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'The status the task is in (must match its file); a status outside the workflow moves only to a start state')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why the override is needed')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if gate was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of looking for one')
            [CompletionResult]::new('--board', '--board', [CompletionResultType]::ParameterName, 'The tasks directory')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (each command accepts the ones its help lists)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Override failed gates (needs --reason unless `[overrides] require_reason = false`); recorded in the audit log')
            [CompletionResult]::new('--deny-warnings', '--deny-warnings', [CompletionResultType]::ParameterName, 'Treat warnings as failures')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every task file and commit afresh: neither the board cache nor the commit index')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gate;ci' {
            [CompletionResult]::new('--base', '--base', [CompletionResultType]::ParameterName, 'Judge the commits after this one (as in `git log BASE..HEAD`)')
            [CompletionResult]::new('--head', '--head', [CompletionResultType]::ParameterName, 'The last commit to judge')
            [CompletionResult]::new('--config-from', '--config-from', [CompletionResultType]::ParameterName, 'Judge with the configuration at the base (default: a pull request cannot loosen the rules it is judged by) or at the head')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if gate was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of looking for one')
            [CompletionResult]::new('--board', '--board', [CompletionResultType]::ParameterName, 'The tasks directory')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (each command accepts the ones its help lists)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('--audit', '--audit', [CompletionResultType]::ParameterName, 'Record every judged transition in the audit log')
            [CompletionResult]::new('--deny-warnings', '--deny-warnings', [CompletionResultType]::ParameterName, 'Treat warnings as failures')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every task file and commit afresh: neither the board cache nor the commit index')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gate;hook' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if gate was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of looking for one')
            [CompletionResult]::new('--board', '--board', [CompletionResultType]::ParameterName, 'The tasks directory')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (each command accepts the ones its help lists)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every task file and commit afresh: neither the board cache nor the commit index')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Install the commit-msg hook; an existing hook is kept and run first')
            [CompletionResult]::new('uninstall', 'uninstall', [CompletionResultType]::ParameterValue, 'Remove the commit-msg hook and put back the one it chained')
            [CompletionResult]::new('agent', 'agent', [CompletionResultType]::ParameterValue, 'Judge a coding agent''s edit of a task file before it is made: reads the agent''s hook payload on stdin; exit 0 allows, the agent''s block code blocks')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gate;hook;install' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if gate was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of looking for one')
            [CompletionResult]::new('--board', '--board', [CompletionResultType]::ParameterName, 'The tasks directory')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (each command accepts the ones its help lists)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every task file and commit afresh: neither the board cache nor the commit index')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gate;hook;uninstall' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if gate was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of looking for one')
            [CompletionResult]::new('--board', '--board', [CompletionResultType]::ParameterName, 'The tasks directory')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (each command accepts the ones its help lists)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every task file and commit afresh: neither the board cache nor the commit index')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gate;hook;agent' {
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'The agent whose hook payload is read')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if gate was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of looking for one')
            [CompletionResult]::new('--board', '--board', [CompletionResultType]::ParameterName, 'The tasks directory')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (each command accepts the ones its help lists)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every task file and commit afresh: neither the board cache nor the commit index')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'gate;hook;help' {
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Install the commit-msg hook; an existing hook is kept and run first')
            [CompletionResult]::new('uninstall', 'uninstall', [CompletionResultType]::ParameterValue, 'Remove the commit-msg hook and put back the one it chained')
            [CompletionResult]::new('agent', 'agent', [CompletionResultType]::ParameterValue, 'Judge a coding agent''s edit of a task file before it is made: reads the agent''s hook payload on stdin; exit 0 allows, the agent''s block code blocks')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gate;hook;help;install' {
            break
        }
        'gate;hook;help;uninstall' {
            break
        }
        'gate;hook;help;agent' {
            break
        }
        'gate;hook;help;help' {
            break
        }
        'gate;completions' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if gate was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of looking for one')
            [CompletionResult]::new('--board', '--board', [CompletionResultType]::ParameterName, 'The tasks directory')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (each command accepts the ones its help lists)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every task file and commit afresh: neither the board cache nor the commit index')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gate;man' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if gate was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of looking for one')
            [CompletionResult]::new('--board', '--board', [CompletionResultType]::ParameterName, 'The tasks directory')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (each command accepts the ones its help lists)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every task file and commit afresh: neither the board cache nor the commit index')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gate;mcp' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if gate was started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this config file instead of looking for one')
            [CompletionResult]::new('--board', '--board', [CompletionResultType]::ParameterName, 'The tasks directory')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (each command accepts the ones its help lists)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('--allow-move', '--allow-move', [CompletionResultType]::ParameterName, 'Offer the `move` tool''s real moves (otherwise the server changes no file)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no results or warnings; errors still print')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeatable)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every task file and commit afresh: neither the board cache nor the commit index')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gate;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Decide whether a task may move to a status [formats: human, json, sarif, junit, github, codequality]')
            [CompletionResult]::new('board', 'board', [CompletionResultType]::ParameterValue, 'Show each column''s count against its WIP limit [formats: human, json]')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List tasks [formats: human, json]')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one task''s parsed fields and findings [formats: human, json]')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Report every file''s problems; exit 1 on any error [formats: human, json, sarif, github, codequality]')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Explain a gate or finding code')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented gate.toml holding the configuration in effect')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the effective configuration and where each part came from [formats: human, json]')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Compliance report: WIP, P0 tasks, audit statistics, lint, score [formats: human, json, markdown, html]')
            [CompletionResult]::new('watch', 'watch', [CompletionResultType]::ParameterValue, 'Watch the board and print violations as they appear and clear [formats: human, json]')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Check or list the audit log')
            [CompletionResult]::new('move', 'move', [CompletionResultType]::ParameterValue, 'Check a move and, if allowed, rewrite the task''s status in place [formats: human, json]')
            [CompletionResult]::new('ci', 'ci', [CompletionResultType]::ParameterValue, 'Judge every status change in a range of commits [formats: human, json, sarif, junit, github, codequality]')
            [CompletionResult]::new('hook', 'hook', [CompletionResultType]::ParameterValue, 'Install or remove the commit-msg hook that runs `gate check --staged`')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff)')
            [CompletionResult]::new('mcp', 'mcp', [CompletionResultType]::ParameterValue, 'Serve gate''s commands to coding agents over MCP (stdio)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gate;help;check' {
            break
        }
        'gate;help;board' {
            break
        }
        'gate;help;list' {
            break
        }
        'gate;help;show' {
            break
        }
        'gate;help;lint' {
            break
        }
        'gate;help;explain' {
            break
        }
        'gate;help;init' {
            break
        }
        'gate;help;config' {
            break
        }
        'gate;help;report' {
            break
        }
        'gate;help;watch' {
            break
        }
        'gate;help;audit' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the hash chain; exit 1 at the first record edited, removed, inserted or reordered [formats: human, json]')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'List audit records [formats: human, json]')
            break
        }
        'gate;help;audit;verify' {
            break
        }
        'gate;help;audit;log' {
            break
        }
        'gate;help;move' {
            break
        }
        'gate;help;ci' {
            break
        }
        'gate;help;hook' {
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Install the commit-msg hook; an existing hook is kept and run first')
            [CompletionResult]::new('uninstall', 'uninstall', [CompletionResultType]::ParameterValue, 'Remove the commit-msg hook and put back the one it chained')
            [CompletionResult]::new('agent', 'agent', [CompletionResultType]::ParameterValue, 'Judge a coding agent''s edit of a task file before it is made: reads the agent''s hook payload on stdin; exit 0 allows, the agent''s block code blocks')
            break
        }
        'gate;help;hook;install' {
            break
        }
        'gate;help;hook;uninstall' {
            break
        }
        'gate;help;hook;agent' {
            break
        }
        'gate;help;completions' {
            break
        }
        'gate;help;man' {
            break
        }
        'gate;help;mcp' {
            break
        }
        'gate;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
