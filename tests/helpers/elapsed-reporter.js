// A jest reporter for `npm run test:unit`: prints how long the whole tier took, wall time from the jest
// process's start (jest's own "Time:" leaves out its start-up), so the tier's budget (30 s) is checked
// by anyone who runs it.
'use strict';

class ElapsedReporter {
  onRunComplete(_contexts, results) {
    const seconds = process.uptime().toFixed(1);
    process.stdout.write(
      `\nunit tier: ${results.numTotalTestSuites} files, ${results.numTotalTests} tests, ${seconds} s wall time\n`,
    );
  }
}

module.exports = ElapsedReporter;
