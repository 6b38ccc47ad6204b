// Fixture for code-level-missing-inference-mode (docs/rules/code-level-missing-inference-mode.md).
#include <torch/torch.h>
#include <vector>

struct NetImpl : torch::nn::Module {
  torch::Tensor forward(const torch::Tensor &x);
};
using Net = torch::nn::ModuleHolder<NetImpl>;

torch::Tensor score(Net &net, const torch::Tensor &batch) {
  return net->forward(batch);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: model call 'net->forward(batch)' runs with autograd on: no torch::InferenceMode or torch::NoGradGuard is in scope, on the path from 'main' [code-level-missing-inference-mode]
}

torch::Tensor guardedHere(Net &net, const torch::Tensor &batch) {
  torch::InferenceMode guard;
  return net->forward(batch);
}

torch::Tensor guardedByCaller(Net &net, const torch::Tensor &batch) {
  return net->forward(batch);
}

torch::Tensor serve(Net &net, const torch::Tensor &batch) {
  torch::NoGradGuard noGrad;
  return guardedByCaller(net, batch);
}

torch::Tensor scopedTooLate(Net &net, const torch::Tensor &batch) {
  torch::Tensor out = net->forward(batch);
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: model call 'net->forward(batch)' runs with autograd on: no torch::InferenceMode or torch::NoGradGuard is in scope, on the path from 'main' [code-level-missing-inference-mode]
  {
    torch::InferenceMode guard;
  }
  return out;
}

// Not flagged: training calls the model with autograd on by design.
void train(Net &net, const torch::Tensor &batch) {
  torch::Tensor loss = net->forward(batch);
  loss.backward();
}

// Not flagged: no path from main reaches it.
torch::Tensor unused(Net &net, const torch::Tensor &batch) {
  return net->forward(batch);
}

int main() {
  Net net;
  torch::Tensor x = torch::randn({4, 8});
  score(net, x);
  guardedHere(net, x);
  serve(net, x);
  scopedTooLate(net, x);
  train(net, x);
  return 0;
}
