# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_gate_global_optspecs
    string join \n C= config= board= format= color= q/quiet v/verbose no-cache h/help V/version
end

function __fish_gate_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_gate_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_gate_using_subcommand
    set -l cmd (__fish_gate_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c gate -n "__fish_gate_needs_command" -s C -d 'Run as if gate was started in DIR' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_needs_command" -l config -d 'Use this config file instead of looking for one' -r -F
complete -c gate -n "__fish_gate_needs_command" -l board -d 'The tasks directory' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_needs_command" -l format -d 'Output format (each command accepts the ones its help lists)' -r -f -a "human\t''
json\t''
sarif\t''
junit\t''
markdown\t''
html\t''
github\t''
codequality\t''"
complete -c gate -n "__fish_gate_needs_command" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gate -n "__fish_gate_needs_command" -s q -l quiet -d 'Print no results or warnings; errors still print'
complete -c gate -n "__fish_gate_needs_command" -s v -l verbose -d 'Say more (repeatable)'
complete -c gate -n "__fish_gate_needs_command" -l no-cache -d 'Read every task file and commit afresh: neither the board cache nor the commit index'
complete -c gate -n "__fish_gate_needs_command" -s h -l help -d 'Print help'
complete -c gate -n "__fish_gate_needs_command" -s V -l version -d 'Print version'
complete -c gate -n "__fish_gate_needs_command" -f -a "check" -d 'Decide whether a task may move to a status [formats: human, json, sarif, junit, github, codequality]'
complete -c gate -n "__fish_gate_needs_command" -f -a "board" -d 'Show each column\'s count against its WIP limit [formats: human, json]'
complete -c gate -n "__fish_gate_needs_command" -f -a "list" -d 'List tasks [formats: human, json]'
complete -c gate -n "__fish_gate_needs_command" -f -a "show" -d 'Show one task\'s parsed fields and findings [formats: human, json]'
complete -c gate -n "__fish_gate_needs_command" -f -a "lint" -d 'Report every file\'s problems; exit 1 on any error [formats: human, json, sarif, github, codequality]'
complete -c gate -n "__fish_gate_needs_command" -f -a "explain" -d 'Explain a gate or finding code'
complete -c gate -n "__fish_gate_needs_command" -f -a "init" -d 'Write a commented gate.toml holding the configuration in effect'
complete -c gate -n "__fish_gate_needs_command" -f -a "config" -d 'Show the effective configuration and where each part came from [formats: human, json]'
complete -c gate -n "__fish_gate_needs_command" -f -a "report" -d 'Compliance report: WIP, P0 tasks, audit statistics, lint, score [formats: human, json, markdown, html]'
complete -c gate -n "__fish_gate_needs_command" -f -a "watch" -d 'Watch the board and print violations as they appear and clear [formats: human, json]'
complete -c gate -n "__fish_gate_needs_command" -f -a "audit" -d 'Check or list the audit log'
complete -c gate -n "__fish_gate_needs_command" -f -a "move" -d 'Check a move and, if allowed, rewrite the task\'s status in place [formats: human, json]'
complete -c gate -n "__fish_gate_needs_command" -f -a "ci" -d 'Judge every status change in a range of commits [formats: human, json, sarif, junit, github, codequality]'
complete -c gate -n "__fish_gate_needs_command" -f -a "hook" -d 'Install or remove the commit-msg hook that runs `gate check --staged`'
complete -c gate -n "__fish_gate_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c gate -n "__fish_gate_needs_command" -f -a "man" -d 'Print the man page (roff)'
complete -c gate -n "__fish_gate_needs_command" -f -a "mcp" -d 'Serve gate\'s commands to coding agents over MCP (stdio)'
complete -c gate -n "__fish_gate_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gate -n "__fish_gate_using_subcommand check" -l to -d 'The status the task should move to' -r
complete -c gate -n "__fish_gate_using_subcommand check" -l from -d 'Judge the move from this status instead of the task\'s current one' -r
complete -c gate -n "__fish_gate_using_subcommand check" -l message-file -d 'With --staged: the message of the commit being made (the commit-msg hook passes it), so the commit itself counts as P0 evidence' -r -F
complete -c gate -n "__fish_gate_using_subcommand check" -l proposed -d 'Judge an edit of this task file before it is made: the change from the file as it is to the content of --content-file (standard input by default)' -r -F
complete -c gate -n "__fish_gate_using_subcommand check" -l content-file -d 'With --proposed: the proposed content (`-` for standard input); empty content removes the file' -r -F
complete -c gate -n "__fish_gate_using_subcommand check" -l reason -d 'Why the override is needed' -r
complete -c gate -n "__fish_gate_using_subcommand check" -l rev -d 'Read git evidence from this revision instead of HEAD' -r
complete -c gate -n "__fish_gate_using_subcommand check" -s C -d 'Run as if gate was started in DIR' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand check" -l config -d 'Use this config file instead of looking for one' -r -F
complete -c gate -n "__fish_gate_using_subcommand check" -l board -d 'The tasks directory' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand check" -l format -d 'Output format (each command accepts the ones its help lists)' -r -f -a "human\t''
json\t''
sarif\t''
junit\t''
markdown\t''
html\t''
github\t''
codequality\t''"
complete -c gate -n "__fish_gate_using_subcommand check" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gate -n "__fish_gate_using_subcommand check" -l staged -d 'Judge every task whose status differs between HEAD and the index, against the staged board'
complete -c gate -n "__fish_gate_using_subcommand check" -l remove -d 'With --proposed: judge deleting the file'
complete -c gate -n "__fish_gate_using_subcommand check" -l record -d 'With --proposed: record the decisions in the audit log (by default a proposal records nothing)'
complete -c gate -n "__fish_gate_using_subcommand check" -l dry-run -d 'Evaluate and report, but record nothing in the audit log'
complete -c gate -n "__fish_gate_using_subcommand check" -l force -d 'Override failed gates (needs --reason unless `[overrides] require_reason = false`); recorded in the audit log'
complete -c gate -n "__fish_gate_using_subcommand check" -l deny-warnings -d 'Treat warnings as failures'
complete -c gate -n "__fish_gate_using_subcommand check" -s q -l quiet -d 'Print no results or warnings; errors still print'
complete -c gate -n "__fish_gate_using_subcommand check" -s v -l verbose -d 'Say more (repeatable)'
complete -c gate -n "__fish_gate_using_subcommand check" -l no-cache -d 'Read every task file and commit afresh: neither the board cache nor the commit index'
complete -c gate -n "__fish_gate_using_subcommand check" -s h -l help -d 'Print help'
complete -c gate -n "__fish_gate_using_subcommand board" -s C -d 'Run as if gate was started in DIR' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand board" -l config -d 'Use this config file instead of looking for one' -r -F
complete -c gate -n "__fish_gate_using_subcommand board" -l board -d 'The tasks directory' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand board" -l format -d 'Output format (each command accepts the ones its help lists)' -r -f -a "human\t''
json\t''
sarif\t''
junit\t''
markdown\t''
html\t''
github\t''
codequality\t''"
complete -c gate -n "__fish_gate_using_subcommand board" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gate -n "__fish_gate_using_subcommand board" -s q -l quiet -d 'Print no results or warnings; errors still print'
complete -c gate -n "__fish_gate_using_subcommand board" -s v -l verbose -d 'Say more (repeatable)'
complete -c gate -n "__fish_gate_using_subcommand board" -l no-cache -d 'Read every task file and commit afresh: neither the board cache nor the commit index'
complete -c gate -n "__fish_gate_using_subcommand board" -s h -l help -d 'Print help'
complete -c gate -n "__fish_gate_using_subcommand list" -l status -d 'Only tasks in this status (repeatable)' -r
complete -c gate -n "__fish_gate_using_subcommand list" -l priority -d 'Only tasks of this priority (repeatable)' -r
complete -c gate -n "__fish_gate_using_subcommand list" -l label -d 'Only tasks with this label (repeatable; all must match)' -r
complete -c gate -n "__fish_gate_using_subcommand list" -s C -d 'Run as if gate was started in DIR' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand list" -l config -d 'Use this config file instead of looking for one' -r -F
complete -c gate -n "__fish_gate_using_subcommand list" -l board -d 'The tasks directory' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand list" -l format -d 'Output format (each command accepts the ones its help lists)' -r -f -a "human\t''
json\t''
sarif\t''
junit\t''
markdown\t''
html\t''
github\t''
codequality\t''"
complete -c gate -n "__fish_gate_using_subcommand list" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gate -n "__fish_gate_using_subcommand list" -s q -l quiet -d 'Print no results or warnings; errors still print'
complete -c gate -n "__fish_gate_using_subcommand list" -s v -l verbose -d 'Say more (repeatable)'
complete -c gate -n "__fish_gate_using_subcommand list" -l no-cache -d 'Read every task file and commit afresh: neither the board cache nor the commit index'
complete -c gate -n "__fish_gate_using_subcommand list" -s h -l help -d 'Print help'
complete -c gate -n "__fish_gate_using_subcommand show" -s C -d 'Run as if gate was started in DIR' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand show" -l config -d 'Use this config file instead of looking for one' -r -F
complete -c gate -n "__fish_gate_using_subcommand show" -l board -d 'The tasks directory' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand show" -l format -d 'Output format (each command accepts the ones its help lists)' -r -f -a "human\t''
json\t''
sarif\t''
junit\t''
markdown\t''
html\t''
github\t''
codequality\t''"
complete -c gate -n "__fish_gate_using_subcommand show" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gate -n "__fish_gate_using_subcommand show" -s q -l quiet -d 'Print no results or warnings; errors still print'
complete -c gate -n "__fish_gate_using_subcommand show" -s v -l verbose -d 'Say more (repeatable)'
complete -c gate -n "__fish_gate_using_subcommand show" -l no-cache -d 'Read every task file and commit afresh: neither the board cache nor the commit index'
complete -c gate -n "__fish_gate_using_subcommand show" -s h -l help -d 'Print help'
complete -c gate -n "__fish_gate_using_subcommand lint" -s C -d 'Run as if gate was started in DIR' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand lint" -l config -d 'Use this config file instead of looking for one' -r -F
complete -c gate -n "__fish_gate_using_subcommand lint" -l board -d 'The tasks directory' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand lint" -l format -d 'Output format (each command accepts the ones its help lists)' -r -f -a "human\t''
json\t''
sarif\t''
junit\t''
markdown\t''
html\t''
github\t''
codequality\t''"
complete -c gate -n "__fish_gate_using_subcommand lint" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gate -n "__fish_gate_using_subcommand lint" -s q -l quiet -d 'Print no results or warnings; errors still print'
complete -c gate -n "__fish_gate_using_subcommand lint" -s v -l verbose -d 'Say more (repeatable)'
complete -c gate -n "__fish_gate_using_subcommand lint" -l no-cache -d 'Read every task file and commit afresh: neither the board cache nor the commit index'
complete -c gate -n "__fish_gate_using_subcommand lint" -s h -l help -d 'Print help'
complete -c gate -n "__fish_gate_using_subcommand explain" -s C -d 'Run as if gate was started in DIR' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand explain" -l config -d 'Use this config file instead of looking for one' -r -F
complete -c gate -n "__fish_gate_using_subcommand explain" -l board -d 'The tasks directory' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand explain" -l format -d 'Output format (each command accepts the ones its help lists)' -r -f -a "human\t''
json\t''
sarif\t''
junit\t''
markdown\t''
html\t''
github\t''
codequality\t''"
complete -c gate -n "__fish_gate_using_subcommand explain" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gate -n "__fish_gate_using_subcommand explain" -s q -l quiet -d 'Print no results or warnings; errors still print'
complete -c gate -n "__fish_gate_using_subcommand explain" -s v -l verbose -d 'Say more (repeatable)'
complete -c gate -n "__fish_gate_using_subcommand explain" -l no-cache -d 'Read every task file and commit afresh: neither the board cache nor the commit index'
complete -c gate -n "__fish_gate_using_subcommand explain" -s h -l help -d 'Print help'
complete -c gate -n "__fish_gate_using_subcommand init" -l path -d 'Where to write the file' -r -F
complete -c gate -n "__fish_gate_using_subcommand init" -l since -d 'With --from-history: replay only the commits after this revision (default: all of HEAD\'s first-parent history)' -r
complete -c gate -n "__fish_gate_using_subcommand init" -s C -d 'Run as if gate was started in DIR' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand init" -l config -d 'Use this config file instead of looking for one' -r -F
complete -c gate -n "__fish_gate_using_subcommand init" -l board -d 'The tasks directory' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand init" -l format -d 'Output format (each command accepts the ones its help lists)' -r -f -a "human\t''
json\t''
sarif\t''
junit\t''
markdown\t''
html\t''
github\t''
codequality\t''"
complete -c gate -n "__fish_gate_using_subcommand init" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gate -n "__fish_gate_using_subcommand init" -l force -d 'Write it even where a Promethean or board tool config already configures the board (with --from-history, only a Promethean config needs it)'
complete -c gate -n "__fish_gate_using_subcommand init" -l from-history -d 'Learn the workflow from the board\'s git history: the moves this team makes, each with its count; rare ones left commented. Prints what `gate ci` over that history would have blocked, with the rules in effect now and with the written workflow'
complete -c gate -n "__fish_gate_using_subcommand init" -s q -l quiet -d 'Print no results or warnings; errors still print'
complete -c gate -n "__fish_gate_using_subcommand init" -s v -l verbose -d 'Say more (repeatable)'
complete -c gate -n "__fish_gate_using_subcommand init" -l no-cache -d 'Read every task file and commit afresh: neither the board cache nor the commit index'
complete -c gate -n "__fish_gate_using_subcommand init" -s h -l help -d 'Print help'
complete -c gate -n "__fish_gate_using_subcommand config" -s C -d 'Run as if gate was started in DIR' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand config" -l config -d 'Use this config file instead of looking for one' -r -F
complete -c gate -n "__fish_gate_using_subcommand config" -l board -d 'The tasks directory' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand config" -l format -d 'Output format (each command accepts the ones its help lists)' -r -f -a "human\t''
json\t''
sarif\t''
junit\t''
markdown\t''
html\t''
github\t''
codequality\t''"
complete -c gate -n "__fish_gate_using_subcommand config" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gate -n "__fish_gate_using_subcommand config" -l validate -d 'Only check that the configuration is valid'
complete -c gate -n "__fish_gate_using_subcommand config" -s q -l quiet -d 'Print no results or warnings; errors still print'
complete -c gate -n "__fish_gate_using_subcommand config" -s v -l verbose -d 'Say more (repeatable)'
complete -c gate -n "__fish_gate_using_subcommand config" -l no-cache -d 'Read every task file and commit afresh: neither the board cache nor the commit index'
complete -c gate -n "__fish_gate_using_subcommand config" -s h -l help -d 'Print help'
complete -c gate -n "__fish_gate_using_subcommand report" -l since -d 'Audit statistics only from this time on: a date, an RFC 3339 time, or a duration back from now (`7d`, `24h`, `2w`)' -r
complete -c gate -n "__fish_gate_using_subcommand report" -l no-limit-at -d 'In the HTML chart, a WIP limit of N or more means "no limit" (boards that write 9999 for none)' -r
complete -c gate -n "__fish_gate_using_subcommand report" -s C -d 'Run as if gate was started in DIR' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand report" -l config -d 'Use this config file instead of looking for one' -r -F
complete -c gate -n "__fish_gate_using_subcommand report" -l board -d 'The tasks directory' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand report" -l format -d 'Output format (each command accepts the ones its help lists)' -r -f -a "human\t''
json\t''
sarif\t''
junit\t''
markdown\t''
html\t''
github\t''
codequality\t''"
complete -c gate -n "__fish_gate_using_subcommand report" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gate -n "__fish_gate_using_subcommand report" -s q -l quiet -d 'Print no results or warnings; errors still print'
complete -c gate -n "__fish_gate_using_subcommand report" -s v -l verbose -d 'Say more (repeatable)'
complete -c gate -n "__fish_gate_using_subcommand report" -l no-cache -d 'Read every task file and commit afresh: neither the board cache nor the commit index'
complete -c gate -n "__fish_gate_using_subcommand report" -s h -l help -d 'Print help'
complete -c gate -n "__fish_gate_using_subcommand watch" -s C -d 'Run as if gate was started in DIR' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand watch" -l config -d 'Use this config file instead of looking for one' -r -F
complete -c gate -n "__fish_gate_using_subcommand watch" -l board -d 'The tasks directory' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand watch" -l format -d 'Output format (each command accepts the ones its help lists)' -r -f -a "human\t''
json\t''
sarif\t''
junit\t''
markdown\t''
html\t''
github\t''
codequality\t''"
complete -c gate -n "__fish_gate_using_subcommand watch" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gate -n "__fish_gate_using_subcommand watch" -l once -d 'Evaluate once, print the current violations, and exit'
complete -c gate -n "__fish_gate_using_subcommand watch" -s q -l quiet -d 'Print no results or warnings; errors still print'
complete -c gate -n "__fish_gate_using_subcommand watch" -s v -l verbose -d 'Say more (repeatable)'
complete -c gate -n "__fish_gate_using_subcommand watch" -l no-cache -d 'Read every task file and commit afresh: neither the board cache nor the commit index'
complete -c gate -n "__fish_gate_using_subcommand watch" -s h -l help -d 'Print help'
complete -c gate -n "__fish_gate_using_subcommand audit; and not __fish_seen_subcommand_from verify log help" -s C -d 'Run as if gate was started in DIR' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand audit; and not __fish_seen_subcommand_from verify log help" -l config -d 'Use this config file instead of looking for one' -r -F
complete -c gate -n "__fish_gate_using_subcommand audit; and not __fish_seen_subcommand_from verify log help" -l board -d 'The tasks directory' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand audit; and not __fish_seen_subcommand_from verify log help" -l format -d 'Output format (each command accepts the ones its help lists)' -r -f -a "human\t''
json\t''
sarif\t''
junit\t''
markdown\t''
html\t''
github\t''
codequality\t''"
complete -c gate -n "__fish_gate_using_subcommand audit; and not __fish_seen_subcommand_from verify log help" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gate -n "__fish_gate_using_subcommand audit; and not __fish_seen_subcommand_from verify log help" -s q -l quiet -d 'Print no results or warnings; errors still print'
complete -c gate -n "__fish_gate_using_subcommand audit; and not __fish_seen_subcommand_from verify log help" -s v -l verbose -d 'Say more (repeatable)'
complete -c gate -n "__fish_gate_using_subcommand audit; and not __fish_seen_subcommand_from verify log help" -l no-cache -d 'Read every task file and commit afresh: neither the board cache nor the commit index'
complete -c gate -n "__fish_gate_using_subcommand audit; and not __fish_seen_subcommand_from verify log help" -s h -l help -d 'Print help'
complete -c gate -n "__fish_gate_using_subcommand audit; and not __fish_seen_subcommand_from verify log help" -f -a "verify" -d 'Check the hash chain; exit 1 at the first record edited, removed, inserted or reordered [formats: human, json]'
complete -c gate -n "__fish_gate_using_subcommand audit; and not __fish_seen_subcommand_from verify log help" -f -a "log" -d 'List audit records [formats: human, json]'
complete -c gate -n "__fish_gate_using_subcommand audit; and not __fish_seen_subcommand_from verify log help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gate -n "__fish_gate_using_subcommand audit; and __fish_seen_subcommand_from verify" -l anchor -d 'A hash known to have been the log\'s head earlier: it must still be in the chain' -r
complete -c gate -n "__fish_gate_using_subcommand audit; and __fish_seen_subcommand_from verify" -s C -d 'Run as if gate was started in DIR' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand audit; and __fish_seen_subcommand_from verify" -l config -d 'Use this config file instead of looking for one' -r -F
complete -c gate -n "__fish_gate_using_subcommand audit; and __fish_seen_subcommand_from verify" -l board -d 'The tasks directory' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand audit; and __fish_seen_subcommand_from verify" -l format -d 'Output format (each command accepts the ones its help lists)' -r -f -a "human\t''
json\t''
sarif\t''
junit\t''
markdown\t''
html\t''
github\t''
codequality\t''"
complete -c gate -n "__fish_gate_using_subcommand audit; and __fish_seen_subcommand_from verify" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gate -n "__fish_gate_using_subcommand audit; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print no results or warnings; errors still print'
complete -c gate -n "__fish_gate_using_subcommand audit; and __fish_seen_subcommand_from verify" -s v -l verbose -d 'Say more (repeatable)'
complete -c gate -n "__fish_gate_using_subcommand audit; and __fish_seen_subcommand_from verify" -l no-cache -d 'Read every task file and commit afresh: neither the board cache nor the commit index'
complete -c gate -n "__fish_gate_using_subcommand audit; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help'
complete -c gate -n "__fish_gate_using_subcommand audit; and __fish_seen_subcommand_from log" -l task -d 'Only records of this task (id, id prefix, or part of the title)' -r
complete -c gate -n "__fish_gate_using_subcommand audit; and __fish_seen_subcommand_from log" -l outcome -d 'Only records with this outcome (allowed, blocked, overridden, error)' -r
complete -c gate -n "__fish_gate_using_subcommand audit; and __fish_seen_subcommand_from log" -l since -d 'Only records from this time on: a date, an RFC 3339 time, or a duration (`7d`)' -r
complete -c gate -n "__fish_gate_using_subcommand audit; and __fish_seen_subcommand_from log" -s C -d 'Run as if gate was started in DIR' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand audit; and __fish_seen_subcommand_from log" -l config -d 'Use this config file instead of looking for one' -r -F
complete -c gate -n "__fish_gate_using_subcommand audit; and __fish_seen_subcommand_from log" -l board -d 'The tasks directory' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand audit; and __fish_seen_subcommand_from log" -l format -d 'Output format (each command accepts the ones its help lists)' -r -f -a "human\t''
json\t''
sarif\t''
junit\t''
markdown\t''
html\t''
github\t''
codequality\t''"
complete -c gate -n "__fish_gate_using_subcommand audit; and __fish_seen_subcommand_from log" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gate -n "__fish_gate_using_subcommand audit; and __fish_seen_subcommand_from log" -s q -l quiet -d 'Print no results or warnings; errors still print'
complete -c gate -n "__fish_gate_using_subcommand audit; and __fish_seen_subcommand_from log" -s v -l verbose -d 'Say more (repeatable)'
complete -c gate -n "__fish_gate_using_subcommand audit; and __fish_seen_subcommand_from log" -l no-cache -d 'Read every task file and commit afresh: neither the board cache nor the commit index'
complete -c gate -n "__fish_gate_using_subcommand audit; and __fish_seen_subcommand_from log" -s h -l help -d 'Print help'
complete -c gate -n "__fish_gate_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check the hash chain; exit 1 at the first record edited, removed, inserted or reordered [formats: human, json]'
complete -c gate -n "__fish_gate_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "log" -d 'List audit records [formats: human, json]'
complete -c gate -n "__fish_gate_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gate -n "__fish_gate_using_subcommand move" -l to -d 'The status the task should move to' -r
complete -c gate -n "__fish_gate_using_subcommand move" -l from -d 'The status the task is in (must match its file); a status outside the workflow moves only to a start state' -r
complete -c gate -n "__fish_gate_using_subcommand move" -l reason -d 'Why the override is needed' -r
complete -c gate -n "__fish_gate_using_subcommand move" -s C -d 'Run as if gate was started in DIR' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand move" -l config -d 'Use this config file instead of looking for one' -r -F
complete -c gate -n "__fish_gate_using_subcommand move" -l board -d 'The tasks directory' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand move" -l format -d 'Output format (each command accepts the ones its help lists)' -r -f -a "human\t''
json\t''
sarif\t''
junit\t''
markdown\t''
html\t''
github\t''
codequality\t''"
complete -c gate -n "__fish_gate_using_subcommand move" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gate -n "__fish_gate_using_subcommand move" -l force -d 'Override failed gates (needs --reason unless `[overrides] require_reason = false`); recorded in the audit log'
complete -c gate -n "__fish_gate_using_subcommand move" -l deny-warnings -d 'Treat warnings as failures'
complete -c gate -n "__fish_gate_using_subcommand move" -s q -l quiet -d 'Print no results or warnings; errors still print'
complete -c gate -n "__fish_gate_using_subcommand move" -s v -l verbose -d 'Say more (repeatable)'
complete -c gate -n "__fish_gate_using_subcommand move" -l no-cache -d 'Read every task file and commit afresh: neither the board cache nor the commit index'
complete -c gate -n "__fish_gate_using_subcommand move" -s h -l help -d 'Print help'
complete -c gate -n "__fish_gate_using_subcommand ci" -l base -d 'Judge the commits after this one (as in `git log BASE..HEAD`)' -r
complete -c gate -n "__fish_gate_using_subcommand ci" -l head -d 'The last commit to judge' -r
complete -c gate -n "__fish_gate_using_subcommand ci" -l config-from -d 'Judge with the configuration at the base (default: a pull request cannot loosen the rules it is judged by) or at the head' -r -f -a "base\t''
head\t''"
complete -c gate -n "__fish_gate_using_subcommand ci" -s C -d 'Run as if gate was started in DIR' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand ci" -l config -d 'Use this config file instead of looking for one' -r -F
complete -c gate -n "__fish_gate_using_subcommand ci" -l board -d 'The tasks directory' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand ci" -l format -d 'Output format (each command accepts the ones its help lists)' -r -f -a "human\t''
json\t''
sarif\t''
junit\t''
markdown\t''
html\t''
github\t''
codequality\t''"
complete -c gate -n "__fish_gate_using_subcommand ci" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gate -n "__fish_gate_using_subcommand ci" -l audit -d 'Record every judged transition in the audit log'
complete -c gate -n "__fish_gate_using_subcommand ci" -l deny-warnings -d 'Treat warnings as failures'
complete -c gate -n "__fish_gate_using_subcommand ci" -s q -l quiet -d 'Print no results or warnings; errors still print'
complete -c gate -n "__fish_gate_using_subcommand ci" -s v -l verbose -d 'Say more (repeatable)'
complete -c gate -n "__fish_gate_using_subcommand ci" -l no-cache -d 'Read every task file and commit afresh: neither the board cache nor the commit index'
complete -c gate -n "__fish_gate_using_subcommand ci" -s h -l help -d 'Print help'
complete -c gate -n "__fish_gate_using_subcommand hook; and not __fish_seen_subcommand_from install uninstall agent help" -s C -d 'Run as if gate was started in DIR' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand hook; and not __fish_seen_subcommand_from install uninstall agent help" -l config -d 'Use this config file instead of looking for one' -r -F
complete -c gate -n "__fish_gate_using_subcommand hook; and not __fish_seen_subcommand_from install uninstall agent help" -l board -d 'The tasks directory' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand hook; and not __fish_seen_subcommand_from install uninstall agent help" -l format -d 'Output format (each command accepts the ones its help lists)' -r -f -a "human\t''
json\t''
sarif\t''
junit\t''
markdown\t''
html\t''
github\t''
codequality\t''"
complete -c gate -n "__fish_gate_using_subcommand hook; and not __fish_seen_subcommand_from install uninstall agent help" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gate -n "__fish_gate_using_subcommand hook; and not __fish_seen_subcommand_from install uninstall agent help" -s q -l quiet -d 'Print no results or warnings; errors still print'
complete -c gate -n "__fish_gate_using_subcommand hook; and not __fish_seen_subcommand_from install uninstall agent help" -s v -l verbose -d 'Say more (repeatable)'
complete -c gate -n "__fish_gate_using_subcommand hook; and not __fish_seen_subcommand_from install uninstall agent help" -l no-cache -d 'Read every task file and commit afresh: neither the board cache nor the commit index'
complete -c gate -n "__fish_gate_using_subcommand hook; and not __fish_seen_subcommand_from install uninstall agent help" -s h -l help -d 'Print help'
complete -c gate -n "__fish_gate_using_subcommand hook; and not __fish_seen_subcommand_from install uninstall agent help" -f -a "install" -d 'Install the commit-msg hook; an existing hook is kept and run first'
complete -c gate -n "__fish_gate_using_subcommand hook; and not __fish_seen_subcommand_from install uninstall agent help" -f -a "uninstall" -d 'Remove the commit-msg hook and put back the one it chained'
complete -c gate -n "__fish_gate_using_subcommand hook; and not __fish_seen_subcommand_from install uninstall agent help" -f -a "agent" -d 'Judge a coding agent\'s edit of a task file before it is made: reads the agent\'s hook payload on stdin; exit 0 allows, the agent\'s block code blocks'
complete -c gate -n "__fish_gate_using_subcommand hook; and not __fish_seen_subcommand_from install uninstall agent help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gate -n "__fish_gate_using_subcommand hook; and __fish_seen_subcommand_from install" -s C -d 'Run as if gate was started in DIR' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand hook; and __fish_seen_subcommand_from install" -l config -d 'Use this config file instead of looking for one' -r -F
complete -c gate -n "__fish_gate_using_subcommand hook; and __fish_seen_subcommand_from install" -l board -d 'The tasks directory' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand hook; and __fish_seen_subcommand_from install" -l format -d 'Output format (each command accepts the ones its help lists)' -r -f -a "human\t''
json\t''
sarif\t''
junit\t''
markdown\t''
html\t''
github\t''
codequality\t''"
complete -c gate -n "__fish_gate_using_subcommand hook; and __fish_seen_subcommand_from install" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gate -n "__fish_gate_using_subcommand hook; and __fish_seen_subcommand_from install" -s q -l quiet -d 'Print no results or warnings; errors still print'
complete -c gate -n "__fish_gate_using_subcommand hook; and __fish_seen_subcommand_from install" -s v -l verbose -d 'Say more (repeatable)'
complete -c gate -n "__fish_gate_using_subcommand hook; and __fish_seen_subcommand_from install" -l no-cache -d 'Read every task file and commit afresh: neither the board cache nor the commit index'
complete -c gate -n "__fish_gate_using_subcommand hook; and __fish_seen_subcommand_from install" -s h -l help -d 'Print help'
complete -c gate -n "__fish_gate_using_subcommand hook; and __fish_seen_subcommand_from uninstall" -s C -d 'Run as if gate was started in DIR' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand hook; and __fish_seen_subcommand_from uninstall" -l config -d 'Use this config file instead of looking for one' -r -F
complete -c gate -n "__fish_gate_using_subcommand hook; and __fish_seen_subcommand_from uninstall" -l board -d 'The tasks directory' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand hook; and __fish_seen_subcommand_from uninstall" -l format -d 'Output format (each command accepts the ones its help lists)' -r -f -a "human\t''
json\t''
sarif\t''
junit\t''
markdown\t''
html\t''
github\t''
codequality\t''"
complete -c gate -n "__fish_gate_using_subcommand hook; and __fish_seen_subcommand_from uninstall" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gate -n "__fish_gate_using_subcommand hook; and __fish_seen_subcommand_from uninstall" -s q -l quiet -d 'Print no results or warnings; errors still print'
complete -c gate -n "__fish_gate_using_subcommand hook; and __fish_seen_subcommand_from uninstall" -s v -l verbose -d 'Say more (repeatable)'
complete -c gate -n "__fish_gate_using_subcommand hook; and __fish_seen_subcommand_from uninstall" -l no-cache -d 'Read every task file and commit afresh: neither the board cache nor the commit index'
complete -c gate -n "__fish_gate_using_subcommand hook; and __fish_seen_subcommand_from uninstall" -s h -l help -d 'Print help'
complete -c gate -n "__fish_gate_using_subcommand hook; and __fish_seen_subcommand_from agent" -l agent -d 'The agent whose hook payload is read' -r -f -a "claude-code\t'Claude Code\'s `PreToolUse` hook (`Write`, `Edit`, `MultiEdit`)'"
complete -c gate -n "__fish_gate_using_subcommand hook; and __fish_seen_subcommand_from agent" -s C -d 'Run as if gate was started in DIR' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand hook; and __fish_seen_subcommand_from agent" -l config -d 'Use this config file instead of looking for one' -r -F
complete -c gate -n "__fish_gate_using_subcommand hook; and __fish_seen_subcommand_from agent" -l board -d 'The tasks directory' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand hook; and __fish_seen_subcommand_from agent" -l format -d 'Output format (each command accepts the ones its help lists)' -r -f -a "human\t''
json\t''
sarif\t''
junit\t''
markdown\t''
html\t''
github\t''
codequality\t''"
complete -c gate -n "__fish_gate_using_subcommand hook; and __fish_seen_subcommand_from agent" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gate -n "__fish_gate_using_subcommand hook; and __fish_seen_subcommand_from agent" -s q -l quiet -d 'Print no results or warnings; errors still print'
complete -c gate -n "__fish_gate_using_subcommand hook; and __fish_seen_subcommand_from agent" -s v -l verbose -d 'Say more (repeatable)'
complete -c gate -n "__fish_gate_using_subcommand hook; and __fish_seen_subcommand_from agent" -l no-cache -d 'Read every task file and commit afresh: neither the board cache nor the commit index'
complete -c gate -n "__fish_gate_using_subcommand hook; and __fish_seen_subcommand_from agent" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gate -n "__fish_gate_using_subcommand hook; and __fish_seen_subcommand_from help" -f -a "install" -d 'Install the commit-msg hook; an existing hook is kept and run first'
complete -c gate -n "__fish_gate_using_subcommand hook; and __fish_seen_subcommand_from help" -f -a "uninstall" -d 'Remove the commit-msg hook and put back the one it chained'
complete -c gate -n "__fish_gate_using_subcommand hook; and __fish_seen_subcommand_from help" -f -a "agent" -d 'Judge a coding agent\'s edit of a task file before it is made: reads the agent\'s hook payload on stdin; exit 0 allows, the agent\'s block code blocks'
complete -c gate -n "__fish_gate_using_subcommand hook; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gate -n "__fish_gate_using_subcommand completions" -s C -d 'Run as if gate was started in DIR' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand completions" -l config -d 'Use this config file instead of looking for one' -r -F
complete -c gate -n "__fish_gate_using_subcommand completions" -l board -d 'The tasks directory' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand completions" -l format -d 'Output format (each command accepts the ones its help lists)' -r -f -a "human\t''
json\t''
sarif\t''
junit\t''
markdown\t''
html\t''
github\t''
codequality\t''"
complete -c gate -n "__fish_gate_using_subcommand completions" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gate -n "__fish_gate_using_subcommand completions" -s q -l quiet -d 'Print no results or warnings; errors still print'
complete -c gate -n "__fish_gate_using_subcommand completions" -s v -l verbose -d 'Say more (repeatable)'
complete -c gate -n "__fish_gate_using_subcommand completions" -l no-cache -d 'Read every task file and commit afresh: neither the board cache nor the commit index'
complete -c gate -n "__fish_gate_using_subcommand completions" -s h -l help -d 'Print help'
complete -c gate -n "__fish_gate_using_subcommand man" -s C -d 'Run as if gate was started in DIR' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand man" -l config -d 'Use this config file instead of looking for one' -r -F
complete -c gate -n "__fish_gate_using_subcommand man" -l board -d 'The tasks directory' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand man" -l format -d 'Output format (each command accepts the ones its help lists)' -r -f -a "human\t''
json\t''
sarif\t''
junit\t''
markdown\t''
html\t''
github\t''
codequality\t''"
complete -c gate -n "__fish_gate_using_subcommand man" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gate -n "__fish_gate_using_subcommand man" -s q -l quiet -d 'Print no results or warnings; errors still print'
complete -c gate -n "__fish_gate_using_subcommand man" -s v -l verbose -d 'Say more (repeatable)'
complete -c gate -n "__fish_gate_using_subcommand man" -l no-cache -d 'Read every task file and commit afresh: neither the board cache nor the commit index'
complete -c gate -n "__fish_gate_using_subcommand man" -s h -l help -d 'Print help'
complete -c gate -n "__fish_gate_using_subcommand mcp" -s C -d 'Run as if gate was started in DIR' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand mcp" -l config -d 'Use this config file instead of looking for one' -r -F
complete -c gate -n "__fish_gate_using_subcommand mcp" -l board -d 'The tasks directory' -r -f -a "(__fish_complete_directories)"
complete -c gate -n "__fish_gate_using_subcommand mcp" -l format -d 'Output format (each command accepts the ones its help lists)' -r -f -a "human\t''
json\t''
sarif\t''
junit\t''
markdown\t''
html\t''
github\t''
codequality\t''"
complete -c gate -n "__fish_gate_using_subcommand mcp" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gate -n "__fish_gate_using_subcommand mcp" -l allow-move -d 'Offer the `move` tool\'s real moves (otherwise the server changes no file)'
complete -c gate -n "__fish_gate_using_subcommand mcp" -s q -l quiet -d 'Print no results or warnings; errors still print'
complete -c gate -n "__fish_gate_using_subcommand mcp" -s v -l verbose -d 'Say more (repeatable)'
complete -c gate -n "__fish_gate_using_subcommand mcp" -l no-cache -d 'Read every task file and commit afresh: neither the board cache nor the commit index'
complete -c gate -n "__fish_gate_using_subcommand mcp" -s h -l help -d 'Print help'
complete -c gate -n "__fish_gate_using_subcommand help; and not __fish_seen_subcommand_from check board list show lint explain init config report watch audit move ci hook completions man mcp help" -f -a "check" -d 'Decide whether a task may move to a status [formats: human, json, sarif, junit, github, codequality]'
complete -c gate -n "__fish_gate_using_subcommand help; and not __fish_seen_subcommand_from check board list show lint explain init config report watch audit move ci hook completions man mcp help" -f -a "board" -d 'Show each column\'s count against its WIP limit [formats: human, json]'
complete -c gate -n "__fish_gate_using_subcommand help; and not __fish_seen_subcommand_from check board list show lint explain init config report watch audit move ci hook completions man mcp help" -f -a "list" -d 'List tasks [formats: human, json]'
complete -c gate -n "__fish_gate_using_subcommand help; and not __fish_seen_subcommand_from check board list show lint explain init config report watch audit move ci hook completions man mcp help" -f -a "show" -d 'Show one task\'s parsed fields and findings [formats: human, json]'
complete -c gate -n "__fish_gate_using_subcommand help; and not __fish_seen_subcommand_from check board list show lint explain init config report watch audit move ci hook completions man mcp help" -f -a "lint" -d 'Report every file\'s problems; exit 1 on any error [formats: human, json, sarif, github, codequality]'
complete -c gate -n "__fish_gate_using_subcommand help; and not __fish_seen_subcommand_from check board list show lint explain init config report watch audit move ci hook completions man mcp help" -f -a "explain" -d 'Explain a gate or finding code'
complete -c gate -n "__fish_gate_using_subcommand help; and not __fish_seen_subcommand_from check board list show lint explain init config report watch audit move ci hook completions man mcp help" -f -a "init" -d 'Write a commented gate.toml holding the configuration in effect'
complete -c gate -n "__fish_gate_using_subcommand help; and not __fish_seen_subcommand_from check board list show lint explain init config report watch audit move ci hook completions man mcp help" -f -a "config" -d 'Show the effective configuration and where each part came from [formats: human, json]'
complete -c gate -n "__fish_gate_using_subcommand help; and not __fish_seen_subcommand_from check board list show lint explain init config report watch audit move ci hook completions man mcp help" -f -a "report" -d 'Compliance report: WIP, P0 tasks, audit statistics, lint, score [formats: human, json, markdown, html]'
complete -c gate -n "__fish_gate_using_subcommand help; and not __fish_seen_subcommand_from check board list show lint explain init config report watch audit move ci hook completions man mcp help" -f -a "watch" -d 'Watch the board and print violations as they appear and clear [formats: human, json]'
complete -c gate -n "__fish_gate_using_subcommand help; and not __fish_seen_subcommand_from check board list show lint explain init config report watch audit move ci hook completions man mcp help" -f -a "audit" -d 'Check or list the audit log'
complete -c gate -n "__fish_gate_using_subcommand help; and not __fish_seen_subcommand_from check board list show lint explain init config report watch audit move ci hook completions man mcp help" -f -a "move" -d 'Check a move and, if allowed, rewrite the task\'s status in place [formats: human, json]'
complete -c gate -n "__fish_gate_using_subcommand help; and not __fish_seen_subcommand_from check board list show lint explain init config report watch audit move ci hook completions man mcp help" -f -a "ci" -d 'Judge every status change in a range of commits [formats: human, json, sarif, junit, github, codequality]'
complete -c gate -n "__fish_gate_using_subcommand help; and not __fish_seen_subcommand_from check board list show lint explain init config report watch audit move ci hook completions man mcp help" -f -a "hook" -d 'Install or remove the commit-msg hook that runs `gate check --staged`'
complete -c gate -n "__fish_gate_using_subcommand help; and not __fish_seen_subcommand_from check board list show lint explain init config report watch audit move ci hook completions man mcp help" -f -a "completions" -d 'Print a shell completion script'
complete -c gate -n "__fish_gate_using_subcommand help; and not __fish_seen_subcommand_from check board list show lint explain init config report watch audit move ci hook completions man mcp help" -f -a "man" -d 'Print the man page (roff)'
complete -c gate -n "__fish_gate_using_subcommand help; and not __fish_seen_subcommand_from check board list show lint explain init config report watch audit move ci hook completions man mcp help" -f -a "mcp" -d 'Serve gate\'s commands to coding agents over MCP (stdio)'
complete -c gate -n "__fish_gate_using_subcommand help; and not __fish_seen_subcommand_from check board list show lint explain init config report watch audit move ci hook completions man mcp help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gate -n "__fish_gate_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "verify" -d 'Check the hash chain; exit 1 at the first record edited, removed, inserted or reordered [formats: human, json]'
complete -c gate -n "__fish_gate_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "log" -d 'List audit records [formats: human, json]'
complete -c gate -n "__fish_gate_using_subcommand help; and __fish_seen_subcommand_from hook" -f -a "install" -d 'Install the commit-msg hook; an existing hook is kept and run first'
complete -c gate -n "__fish_gate_using_subcommand help; and __fish_seen_subcommand_from hook" -f -a "uninstall" -d 'Remove the commit-msg hook and put back the one it chained'
complete -c gate -n "__fish_gate_using_subcommand help; and __fish_seen_subcommand_from hook" -f -a "agent" -d 'Judge a coding agent\'s edit of a task file before it is made: reads the agent\'s hook payload on stdin; exit 0 allows, the agent\'s block code blocks'
