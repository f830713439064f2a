
use builtin;
use str;

set edit:completion:arg-completer[gate] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'gate'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'gate'= {
            cand -C 'Run as if gate was started in DIR'
            cand --config 'Use this config file instead of looking for one'
            cand --board 'The tasks directory'
            cand --format 'Output format (each command accepts the ones its help lists)'
            cand --color 'When to colour human output'
            cand -q 'Print no results or warnings; errors still print'
            cand --quiet 'Print no results or warnings; errors still print'
            cand -v 'Say more (repeatable)'
            cand --verbose 'Say more (repeatable)'
            cand --no-cache 'Read every task file and commit afresh: neither the board cache nor the commit index'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand check 'Decide whether a task may move to a status [formats: human, json, sarif, junit, github, codequality]'
            cand board 'Show each column''s count against its WIP limit [formats: human, json]'
            cand list 'List tasks [formats: human, json]'
            cand show 'Show one task''s parsed fields and findings [formats: human, json]'
            cand lint 'Report every file''s problems; exit 1 on any error [formats: human, json, sarif, github, codequality]'
            cand explain 'Explain a gate or finding code'
            cand init 'Write a commented gate.toml holding the configuration in effect'
            cand config 'Show the effective configuration and where each part came from [formats: human, json]'
            cand report 'Compliance report: WIP, P0 tasks, audit statistics, lint, score [formats: human, json, markdown, html]'
            cand watch 'Watch the board and print violations as they appear and clear [formats: human, json]'
            cand audit 'Check or list the audit log'
            cand move 'Check a move and, if allowed, rewrite the task''s status in place [formats: human, json]'
            cand ci 'Judge every status change in a range of commits [formats: human, json, sarif, junit, github, codequality]'
            cand hook 'Install or remove the commit-msg hook that runs `gate check --staged`'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff)'
            cand mcp 'Serve gate''s commands to coding agents over MCP (stdio)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gate;check'= {
            cand --to 'The status the task should move to'
            cand --from 'Judge the move from this status instead of the task''s current one'
            cand --message-file 'With --staged: the message of the commit being made (the commit-msg hook passes it), so the commit itself counts as P0 evidence'
            cand --proposed 'Judge an edit of this task file before it is made: the change from the file as it is to the content of --content-file (standard input by default)'
            cand --content-file 'With --proposed: the proposed content (`-` for standard input); empty content removes the file'
            cand --reason 'Why the override is needed'
            cand --rev 'Read git evidence from this revision instead of HEAD'
            cand -C 'Run as if gate was started in DIR'
            cand --config 'Use this config file instead of looking for one'
            cand --board 'The tasks directory'
            cand --format 'Output format (each command accepts the ones its help lists)'
            cand --color 'When to colour human output'
            cand --staged 'Judge every task whose status differs between HEAD and the index, against the staged board'
            cand --remove 'With --proposed: judge deleting the file'
            cand --record 'With --proposed: record the decisions in the audit log (by default a proposal records nothing)'
            cand --dry-run 'Evaluate and report, but record nothing in the audit log'
            cand --force 'Override failed gates (needs --reason unless `[overrides] require_reason = false`); recorded in the audit log'
            cand --deny-warnings 'Treat warnings as failures'
            cand -q 'Print no results or warnings; errors still print'
            cand --quiet 'Print no results or warnings; errors still print'
            cand -v 'Say more (repeatable)'
            cand --verbose 'Say more (repeatable)'
            cand --no-cache 'Read every task file and commit afresh: neither the board cache nor the commit index'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'gate;board'= {
            cand -C 'Run as if gate was started in DIR'
            cand --config 'Use this config file instead of looking for one'
            cand --board 'The tasks directory'
            cand --format 'Output format (each command accepts the ones its help lists)'
            cand --color 'When to colour human output'
            cand -q 'Print no results or warnings; errors still print'
            cand --quiet 'Print no results or warnings; errors still print'
            cand -v 'Say more (repeatable)'
            cand --verbose 'Say more (repeatable)'
            cand --no-cache 'Read every task file and commit afresh: neither the board cache nor the commit index'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'gate;list'= {
            cand --status 'Only tasks in this status (repeatable)'
            cand --priority 'Only tasks of this priority (repeatable)'
            cand --label 'Only tasks with this label (repeatable; all must match)'
            cand -C 'Run as if gate was started in DIR'
            cand --config 'Use this config file instead of looking for one'
            cand --board 'The tasks directory'
            cand --format 'Output format (each command accepts the ones its help lists)'
            cand --color 'When to colour human output'
            cand -q 'Print no results or warnings; errors still print'
            cand --quiet 'Print no results or warnings; errors still print'
            cand -v 'Say more (repeatable)'
            cand --verbose 'Say more (repeatable)'
            cand --no-cache 'Read every task file and commit afresh: neither the board cache nor the commit index'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'gate;show'= {
            cand -C 'Run as if gate was started in DIR'
            cand --config 'Use this config file instead of looking for one'
            cand --board 'The tasks directory'
            cand --format 'Output format (each command accepts the ones its help lists)'
            cand --color 'When to colour human output'
            cand -q 'Print no results or warnings; errors still print'
            cand --quiet 'Print no results or warnings; errors still print'
            cand -v 'Say more (repeatable)'
            cand --verbose 'Say more (repeatable)'
            cand --no-cache 'Read every task file and commit afresh: neither the board cache nor the commit index'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'gate;lint'= {
            cand -C 'Run as if gate was started in DIR'
            cand --config 'Use this config file instead of looking for one'
            cand --board 'The tasks directory'
            cand --format 'Output format (each command accepts the ones its help lists)'
            cand --color 'When to colour human output'
            cand -q 'Print no results or warnings; errors still print'
            cand --quiet 'Print no results or warnings; errors still print'
            cand -v 'Say more (repeatable)'
            cand --verbose 'Say more (repeatable)'
            cand --no-cache 'Read every task file and commit afresh: neither the board cache nor the commit index'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'gate;explain'= {
            cand -C 'Run as if gate was started in DIR'
            cand --config 'Use this config file instead of looking for one'
            cand --board 'The tasks directory'
            cand --format 'Output format (each command accepts the ones its help lists)'
            cand --color 'When to colour human output'
            cand -q 'Print no results or warnings; errors still print'
            cand --quiet 'Print no results or warnings; errors still print'
            cand -v 'Say more (repeatable)'
            cand --verbose 'Say more (repeatable)'
            cand --no-cache 'Read every task file and commit afresh: neither the board cache nor the commit index'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'gate;init'= {
            cand --path 'Where to write the file'
            cand --since 'With --from-history: replay only the commits after this revision (default: all of HEAD''s first-parent history)'
            cand -C 'Run as if gate was started in DIR'
            cand --config 'Use this config file instead of looking for one'
            cand --board 'The tasks directory'
            cand --format 'Output format (each command accepts the ones its help lists)'
            cand --color 'When to colour human output'
            cand --force 'Write it even where a Promethean or board tool config already configures the board (with --from-history, only a Promethean config needs it)'
            cand --from-history 'Learn the workflow from the board''s git history: the moves this team makes, each with its count; rare ones left commented. Prints what `gate ci` over that history would have blocked, with the rules in effect now and with the written workflow'
            cand -q 'Print no results or warnings; errors still print'
            cand --quiet 'Print no results or warnings; errors still print'
            cand -v 'Say more (repeatable)'
            cand --verbose 'Say more (repeatable)'
            cand --no-cache 'Read every task file and commit afresh: neither the board cache nor the commit index'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'gate;config'= {
            cand -C 'Run as if gate was started in DIR'
            cand --config 'Use this config file instead of looking for one'
            cand --board 'The tasks directory'
            cand --format 'Output format (each command accepts the ones its help lists)'
            cand --color 'When to colour human output'
            cand --validate 'Only check that the configuration is valid'
            cand -q 'Print no results or warnings; errors still print'
            cand --quiet 'Print no results or warnings; errors still print'
            cand -v 'Say more (repeatable)'
            cand --verbose 'Say more (repeatable)'
            cand --no-cache 'Read every task file and commit afresh: neither the board cache nor the commit index'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'gate;report'= {
            cand --since 'Audit statistics only from this time on: a date, an RFC 3339 time, or a duration back from now (`7d`, `24h`, `2w`)'
            cand --no-limit-at 'In the HTML chart, a WIP limit of N or more means "no limit" (boards that write 9999 for none)'
            cand -C 'Run as if gate was started in DIR'
            cand --config 'Use this config file instead of looking for one'
            cand --board 'The tasks directory'
            cand --format 'Output format (each command accepts the ones its help lists)'
            cand --color 'When to colour human output'
            cand -q 'Print no results or warnings; errors still print'
            cand --quiet 'Print no results or warnings; errors still print'
            cand -v 'Say more (repeatable)'
            cand --verbose 'Say more (repeatable)'
            cand --no-cache 'Read every task file and commit afresh: neither the board cache nor the commit index'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'gate;watch'= {
            cand -C 'Run as if gate was started in DIR'
            cand --config 'Use this config file instead of looking for one'
            cand --board 'The tasks directory'
            cand --format 'Output format (each command accepts the ones its help lists)'
            cand --color 'When to colour human output'
            cand --once 'Evaluate once, print the current violations, and exit'
            cand -q 'Print no results or warnings; errors still print'
            cand --quiet 'Print no results or warnings; errors still print'
            cand -v 'Say more (repeatable)'
            cand --verbose 'Say more (repeatable)'
            cand --no-cache 'Read every task file and commit afresh: neither the board cache nor the commit index'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'gate;audit'= {
            cand -C 'Run as if gate was started in DIR'
            cand --config 'Use this config file instead of looking for one'
            cand --board 'The tasks directory'
            cand --format 'Output format (each command accepts the ones its help lists)'
            cand --color 'When to colour human output'
            cand -q 'Print no results or warnings; errors still print'
            cand --quiet 'Print no results or warnings; errors still print'
            cand -v 'Say more (repeatable)'
            cand --verbose 'Say more (repeatable)'
            cand --no-cache 'Read every task file and commit afresh: neither the board cache nor the commit index'
            cand -h 'Print help'
            cand --help 'Print help'
            cand verify 'Check the hash chain; exit 1 at the first record edited, removed, inserted or reordered [formats: human, json]'
            cand log 'List audit records [formats: human, json]'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gate;audit;verify'= {
            cand --anchor 'A hash known to have been the log''s head earlier: it must still be in the chain'
            cand -C 'Run as if gate was started in DIR'
            cand --config 'Use this config file instead of looking for one'
            cand --board 'The tasks directory'
            cand --format 'Output format (each command accepts the ones its help lists)'
            cand --color 'When to colour human output'
            cand -q 'Print no results or warnings; errors still print'
            cand --quiet 'Print no results or warnings; errors still print'
            cand -v 'Say more (repeatable)'
            cand --verbose 'Say more (repeatable)'
            cand --no-cache 'Read every task file and commit afresh: neither the board cache nor the commit index'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'gate;audit;log'= {
            cand --task 'Only records of this task (id, id prefix, or part of the title)'
            cand --outcome 'Only records with this outcome (allowed, blocked, overridden, error)'
            cand --since 'Only records from this time on: a date, an RFC 3339 time, or a duration (`7d`)'
            cand -C 'Run as if gate was started in DIR'
            cand --config 'Use this config file instead of looking for one'
            cand --board 'The tasks directory'
            cand --format 'Output format (each command accepts the ones its help lists)'
            cand --color 'When to colour human output'
            cand -q 'Print no results or warnings; errors still print'
            cand --quiet 'Print no results or warnings; errors still print'
            cand -v 'Say more (repeatable)'
            cand --verbose 'Say more (repeatable)'
            cand --no-cache 'Read every task file and commit afresh: neither the board cache nor the commit index'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'gate;audit;help'= {
            cand verify 'Check the hash chain; exit 1 at the first record edited, removed, inserted or reordered [formats: human, json]'
            cand log 'List audit records [formats: human, json]'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gate;audit;help;verify'= {
        }
        &'gate;audit;help;log'= {
        }
        &'gate;audit;help;help'= {
        }
        &'gate;move'= {
            cand --to 'The status the task should move to'
            cand --from 'The status the task is in (must match its file); a status outside the workflow moves only to a start state'
            cand --reason 'Why the override is needed'
            cand -C 'Run as if gate was started in DIR'
            cand --config 'Use this config file instead of looking for one'
            cand --board 'The tasks directory'
            cand --format 'Output format (each command accepts the ones its help lists)'
            cand --color 'When to colour human output'
            cand --force 'Override failed gates (needs --reason unless `[overrides] require_reason = false`); recorded in the audit log'
            cand --deny-warnings 'Treat warnings as failures'
            cand -q 'Print no results or warnings; errors still print'
            cand --quiet 'Print no results or warnings; errors still print'
            cand -v 'Say more (repeatable)'
            cand --verbose 'Say more (repeatable)'
            cand --no-cache 'Read every task file and commit afresh: neither the board cache nor the commit index'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'gate;ci'= {
            cand --base 'Judge the commits after this one (as in `git log BASE..HEAD`)'
            cand --head 'The last commit to judge'
            cand --config-from 'Judge with the configuration at the base (default: a pull request cannot loosen the rules it is judged by) or at the head'
            cand -C 'Run as if gate was started in DIR'
            cand --config 'Use this config file instead of looking for one'
            cand --board 'The tasks directory'
            cand --format 'Output format (each command accepts the ones its help lists)'
            cand --color 'When to colour human output'
            cand --audit 'Record every judged transition in the audit log'
            cand --deny-warnings 'Treat warnings as failures'
            cand -q 'Print no results or warnings; errors still print'
            cand --quiet 'Print no results or warnings; errors still print'
            cand -v 'Say more (repeatable)'
            cand --verbose 'Say more (repeatable)'
            cand --no-cache 'Read every task file and commit afresh: neither the board cache nor the commit index'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'gate;hook'= {
            cand -C 'Run as if gate was started in DIR'
            cand --config 'Use this config file instead of looking for one'
            cand --board 'The tasks directory'
            cand --format 'Output format (each command accepts the ones its help lists)'
            cand --color 'When to colour human output'
            cand -q 'Print no results or warnings; errors still print'
            cand --quiet 'Print no results or warnings; errors still print'
            cand -v 'Say more (repeatable)'
            cand --verbose 'Say more (repeatable)'
            cand --no-cache 'Read every task file and commit afresh: neither the board cache nor the commit index'
            cand -h 'Print help'
            cand --help 'Print help'
            cand install 'Install the commit-msg hook; an existing hook is kept and run first'
            cand uninstall 'Remove the commit-msg hook and put back the one it chained'
            cand agent 'Judge a coding agent''s edit of a task file before it is made: reads the agent''s hook payload on stdin; exit 0 allows, the agent''s block code blocks'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gate;hook;install'= {
            cand -C 'Run as if gate was started in DIR'
            cand --config 'Use this config file instead of looking for one'
            cand --board 'The tasks directory'
            cand --format 'Output format (each command accepts the ones its help lists)'
            cand --color 'When to colour human output'
            cand -q 'Print no results or warnings; errors still print'
            cand --quiet 'Print no results or warnings; errors still print'
            cand -v 'Say more (repeatable)'
            cand --verbose 'Say more (repeatable)'
            cand --no-cache 'Read every task file and commit afresh: neither the board cache nor the commit index'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'gate;hook;uninstall'= {
            cand -C 'Run as if gate was started in DIR'
            cand --config 'Use this config file instead of looking for one'
            cand --board 'The tasks directory'
            cand --format 'Output format (each command accepts the ones its help lists)'
            cand --color 'When to colour human output'
            cand -q 'Print no results or warnings; errors still print'
            cand --quiet 'Print no results or warnings; errors still print'
            cand -v 'Say more (repeatable)'
            cand --verbose 'Say more (repeatable)'
            cand --no-cache 'Read every task file and commit afresh: neither the board cache nor the commit index'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'gate;hook;agent'= {
            cand --agent 'The agent whose hook payload is read'
            cand -C 'Run as if gate was started in DIR'
            cand --config 'Use this config file instead of looking for one'
            cand --board 'The tasks directory'
            cand --format 'Output format (each command accepts the ones its help lists)'
            cand --color 'When to colour human output'
            cand -q 'Print no results or warnings; errors still print'
            cand --quiet 'Print no results or warnings; errors still print'
            cand -v 'Say more (repeatable)'
            cand --verbose 'Say more (repeatable)'
            cand --no-cache 'Read every task file and commit afresh: neither the board cache nor the commit index'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'gate;hook;help'= {
            cand install 'Install the commit-msg hook; an existing hook is kept and run first'
            cand uninstall 'Remove the commit-msg hook and put back the one it chained'
            cand agent 'Judge a coding agent''s edit of a task file before it is made: reads the agent''s hook payload on stdin; exit 0 allows, the agent''s block code blocks'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gate;hook;help;install'= {
        }
        &'gate;hook;help;uninstall'= {
        }
        &'gate;hook;help;agent'= {
        }
        &'gate;hook;help;help'= {
        }
        &'gate;completions'= {
            cand -C 'Run as if gate was started in DIR'
            cand --config 'Use this config file instead of looking for one'
            cand --board 'The tasks directory'
            cand --format 'Output format (each command accepts the ones its help lists)'
            cand --color 'When to colour human output'
            cand -q 'Print no results or warnings; errors still print'
            cand --quiet 'Print no results or warnings; errors still print'
            cand -v 'Say more (repeatable)'
            cand --verbose 'Say more (repeatable)'
            cand --no-cache 'Read every task file and commit afresh: neither the board cache nor the commit index'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'gate;man'= {
            cand -C 'Run as if gate was started in DIR'
            cand --config 'Use this config file instead of looking for one'
            cand --board 'The tasks directory'
            cand --format 'Output format (each command accepts the ones its help lists)'
            cand --color 'When to colour human output'
            cand -q 'Print no results or warnings; errors still print'
            cand --quiet 'Print no results or warnings; errors still print'
            cand -v 'Say more (repeatable)'
            cand --verbose 'Say more (repeatable)'
            cand --no-cache 'Read every task file and commit afresh: neither the board cache nor the commit index'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'gate;mcp'= {
            cand -C 'Run as if gate was started in DIR'
            cand --config 'Use this config file instead of looking for one'
            cand --board 'The tasks directory'
            cand --format 'Output format (each command accepts the ones its help lists)'
            cand --color 'When to colour human output'
            cand --allow-move 'Offer the `move` tool''s real moves (otherwise the server changes no file)'
            cand -q 'Print no results or warnings; errors still print'
            cand --quiet 'Print no results or warnings; errors still print'
            cand -v 'Say more (repeatable)'
            cand --verbose 'Say more (repeatable)'
            cand --no-cache 'Read every task file and commit afresh: neither the board cache nor the commit index'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'gate;help'= {
            cand check 'Decide whether a task may move to a status [formats: human, json, sarif, junit, github, codequality]'
            cand board 'Show each column''s count against its WIP limit [formats: human, json]'
            cand list 'List tasks [formats: human, json]'
            cand show 'Show one task''s parsed fields and findings [formats: human, json]'
            cand lint 'Report every file''s problems; exit 1 on any error [formats: human, json, sarif, github, codequality]'
            cand explain 'Explain a gate or finding code'
            cand init 'Write a commented gate.toml holding the configuration in effect'
            cand config 'Show the effective configuration and where each part came from [formats: human, json]'
            cand report 'Compliance report: WIP, P0 tasks, audit statistics, lint, score [formats: human, json, markdown, html]'
            cand watch 'Watch the board and print violations as they appear and clear [formats: human, json]'
            cand audit 'Check or list the audit log'
            cand move 'Check a move and, if allowed, rewrite the task''s status in place [formats: human, json]'
            cand ci 'Judge every status change in a range of commits [formats: human, json, sarif, junit, github, codequality]'
            cand hook 'Install or remove the commit-msg hook that runs `gate check --staged`'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff)'
            cand mcp 'Serve gate''s commands to coding agents over MCP (stdio)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gate;help;check'= {
        }
        &'gate;help;board'= {
        }
        &'gate;help;list'= {
        }
        &'gate;help;show'= {
        }
        &'gate;help;lint'= {
        }
        &'gate;help;explain'= {
        }
        &'gate;help;init'= {
        }
        &'gate;help;config'= {
        }
        &'gate;help;report'= {
        }
        &'gate;help;watch'= {
        }
        &'gate;help;audit'= {
            cand verify 'Check the hash chain; exit 1 at the first record edited, removed, inserted or reordered [formats: human, json]'
            cand log 'List audit records [formats: human, json]'
        }
        &'gate;help;audit;verify'= {
        }
        &'gate;help;audit;log'= {
        }
        &'gate;help;move'= {
        }
        &'gate;help;ci'= {
        }
        &'gate;help;hook'= {
            cand install 'Install the commit-msg hook; an existing hook is kept and run first'
            cand uninstall 'Remove the commit-msg hook and put back the one it chained'
            cand agent 'Judge a coding agent''s edit of a task file before it is made: reads the agent''s hook payload on stdin; exit 0 allows, the agent''s block code blocks'
        }
        &'gate;help;hook;install'= {
        }
        &'gate;help;hook;uninstall'= {
        }
        &'gate;help;hook;agent'= {
        }
        &'gate;help;completions'= {
        }
        &'gate;help;man'= {
        }
        &'gate;help;mcp'= {
        }
        &'gate;help;help'= {
        }
    ]
    $completions[$command]
}
