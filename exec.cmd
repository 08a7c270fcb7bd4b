@rem `npm start` runs "exec node scripts/start.mjs". On POSIX shells exec replaces npm's
@rem shell by node, so signals sent to npm reach the workbench. cmd.exe has no exec
@rem command and finds this file in the package folder instead: it runs the rest as is.
@%*
